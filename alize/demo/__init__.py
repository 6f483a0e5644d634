"""The demonstration network: the real basins of the time and a generator calibrated on the newsletter."""

from alize.demo.generator import (
    BASINS,
    CALIBRATION,
    CALIBRATION_YEAR,
    SEED,
    generate_scaled,
    write_demo,
    write_scaled,
)

__all__ = ["BASINS", "CALIBRATION", "CALIBRATION_YEAR", "SEED", "generate_scaled", "write_demo", "write_scaled"]
