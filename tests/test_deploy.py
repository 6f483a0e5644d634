"""The hosted deployment files, checked as far as can be without a Docker engine: deploy/compose.yaml
parses, names the services docs/deploy.md describes, and every file it refers to exists."""

from __future__ import annotations

from pathlib import Path

import yaml

from alize import settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_has_postgres_two_replicas_and_a_proxy():
    services = compose()["services"]
    assert set(services) == {"db", "app1", "app2", "proxy"}
    assert services["db"]["image"].startswith("postgres:")
    for name in ("app1", "app2"):  # the same app, the records in PostgreSQL
        app = services[name]
        assert (DEPLOY / app["build"]["context"] / app["build"]["dockerfile"]).resolve() == ROOT / "Dockerfile"
        assert settings.is_postgres(app["environment"]["ALIZE_DB"])
        assert app["environment"]["ALIZE_DB"].endswith("@db:5432/alize")
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"] == ["app1", "app2"]


def test_every_file_compose_refers_to_exists():
    for service in compose()["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                continue  # a named volume
            path = (DEPLOY / source).resolve()
            if path.name == "secrets.toml":  # the operator's own, made from the example (git-ignored)
                path = path.with_name("secrets.toml.example")
            assert path.exists(), source
    assert (DEPLOY / "env.example").read_text().startswith("#")


def test_the_proxy_keeps_each_browser_on_one_replica():
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy app1:8501 app2:8501" in caddy
    assert "lb_policy cookie" in caddy and "health_uri /_stcore/health" in caddy


def test_the_server_skips_the_full_collection_after_each_run():
    """80 ms of CPU a rerun on the demo (docs/benchmark.md): the server's config turns it off."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
