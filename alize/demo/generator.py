"""The deterministic demonstration network.

Seven real alIZé basins of the late 2000s with fictitious firms. alIZé Savoie starts in 2006 on
the Chambéry area and takes in the Maurienne valley at its 2nd convention (2009-01-01), with a
local authority and two companies (Rio Tinto among them). Calendar year 2010, all basins, equals
the newsletter's published figures exactly (CALIBRATION). Same seed, same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20100101
FIRST_YEAR, LAST_YEAR = 2006, 2020
FOLLOWUP_UNTIL = dt.date(2023, 12, 31)
CALIBRATION_YEAR = 2010
CALIBRATION = {
    "committees": 41,
    "projects_studied": 72,
    "projects_retained": 66,
    "competence_days": 225,
    "aid_eur": 445_135,
    "jobs_committed": 298,
}

THEMES = ("finance", "hr", "quality", "export", "production", "marketing", "strategy", "it", "legal")
SECTOR_WEIGHTS = {"C": 26, "F": 14, "G": 14, "I": 8, "M": 11, "N": 7, "J": 5, "H": 5, "Q": 4, "S": 4, "E": 2}
KIND_WEIGHTS = {"creation": 35, "development": 50, "takeover": 15}


@dataclass
class Territory:
    id: str
    name: str
    joined_on: dt.date
    establishments_2006: int
    growth: float  # yearly change of employer establishments
    communes: list[tuple[str, str, int]]  # INSEE code, name, weight (share of establishments)
    rate: float = 1.0  # retained projects per year per 1,000 establishments, in normal times


@dataclass
class Basin:
    id: str
    name: str
    started_on: dt.date
    place: str
    territories: list[Territory]
    partners: list[tuple[str, str, str, dt.date, dt.date | None]] = field(default_factory=list)
    trend: float = 0.0  # yearly drift of activity

    @property
    def code(self) -> str:
        return self.id[:3].upper()


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


BASINS = [
    Basin(
        "savoie", "alIZé Savoie", _d("2006-01-01"), "CCI de la Savoie, Chambéry",
        [
            Territory("chambery", "Chambéry", _d("2006-01-01"), 6_180, 0.006, [
                ("73065", "Chambéry", 55), ("73179", "La Motte-Servolex", 9), ("73213", "La Ravoire", 7),
                ("73029", "Barberaz", 4), ("73031", "Bassens", 4), ("73064", "Challes-les-Eaux", 4),
                ("73087", "Cognin", 4), ("73137", "Jacob-Bellecombette", 3), ("73222", "Saint-Alban-Leysse", 4),
                ("73225", "Saint-Baldoph", 2), ("73288", "Sonnaz", 2), ("73326", "Vimines", 2)], rate=0.95),
            Territory("maurienne", "Maurienne", _d("2009-01-01"), 1_740, -0.004, [
                ("73248", "Saint-Jean-de-Maurienne", 30), ("73157", "Modane", 12),
                ("73261", "Saint-Michel-de-Maurienne", 9), ("73067", "La Chambre", 6),
                ("73231", "Saint-Étienne-de-Cuines", 6), ("73002", "Aiguebelle", 6), ("73007", "Aiton", 4),
                ("73306", "Valloire", 9), ("73194", "Orelle", 3), ("73290", "Val-Cenis", 8),
                ("73040", "Bessans", 3), ("73023", "Aussois", 4)], rate=1.6),
        ],
        partners=[
            ("cci-savoie", "CCI de la Savoie", "public_body", _d("2006-01-01"), None),
            ("prefecture-73", "Préfecture de la Savoie", "public_body", _d("2006-01-01"), None),
            ("chambery-metropole", "Chambéry métropole", "local_authority", _d("2006-01-01"), None),
            ("edf-alpes", "EDF Alpes", "large_company", _d("2006-01-01"), None),
            ("la-poste-73", "La Poste Savoie", "large_company", _d("2006-01-01"), _d("2014-12-31")),
            ("ca-savoie", "Crédit Agricole des Savoie", "bank", _d("2006-01-01"), None),
            ("sncf-chambery", "SNCF Chambéry", "large_company", _d("2012-01-01"), None),
            ("sivom-maurienne", "Syndicat du Pays de Maurienne", "local_authority", _d("2009-01-01"), None),
            ("rio-tinto", "Rio Tinto Alcan", "large_company", _d("2009-01-01"), None),
            ("ferropem", "Ferropem", "large_company", _d("2009-01-01"), None),
        ],
    ),
    Basin(
        "meuse", "alIZé Meuse", _d("1999-01-01"), "CCI de la Meuse, Bar-le-Duc",
        [
            Territory("bar-le-duc", "Bar-le-Duc", _d("1999-01-01"), 2_950, -0.004, [
                ("55029", "Bar-le-Duc", 60), ("55122", "Commercy", 25), ("55291", "Ligny-en-Barrois", 15)], rate=1.1),
            Territory("verdun", "Verdun", _d("1999-01-01"), 2_700, -0.003, [
                ("55545", "Verdun", 75), ("55505", "Thierville-sur-Meuse", 15), ("55043", "Belleville-sur-Meuse", 10)],
                rate=1.0),
        ],
        partners=[
            ("cci-meuse", "CCI de la Meuse", "public_body", _d("1999-01-01"), None),
            ("cg-meuse", "Conseil général de la Meuse", "local_authority", _d("1999-01-01"), None),
            ("edf-meuse", "EDF Meuse", "large_company", _d("1999-01-01"), None),
            ("andra", "Andra", "public_body", _d("2007-01-01"), None),
            ("bpl-meuse", "Banque Populaire Lorraine", "bank", _d("1999-01-01"), None),
        ],
        trend=-0.01,
    ),
    Basin(
        "longwy", "alIZé Longwy", _d("2003-01-01"), "Maison de l'entreprise, Longwy",
        [
            Territory("pays-haut", "Pays-Haut Longwy", _d("2003-01-01"), 2_450, 0.005, [
                ("54323", "Longwy", 40), ("54382", "Mont-Saint-Martin", 20), ("54261", "Herserange", 15),
                ("54580", "Villerupt", 25)], rate=1.2),
        ],
        partners=[
            ("cci-54", "CCI de Meurthe-et-Moselle", "public_body", _d("2003-01-01"), None),
            ("cc-longwy", "Communauté de communes de l'agglomération de Longwy", "local_authority",
             _d("2003-01-01"), None),
            ("arcelor", "ArcelorMittal Lorraine", "large_company", _d("2003-01-01"), None),
            ("cic-est", "CIC Est", "bank", _d("2005-01-01"), None),
        ],
    ),
    Basin(
        "gard", "alIZé Gard Cévennes", _d("2005-01-01"), "CCI d'Alès, Alès",
        [
            Territory("ales", "Alès Cévennes", _d("2005-01-01"), 5_400, 0.008, [
                ("30007", "Alès", 55), ("30132", "La Grand-Combe", 12), ("30243", "Saint-Christol-lez-Alès", 13),
                ("30259", "Saint-Hilaire-de-Brethmas", 8), ("30037", "Bessèges", 12)], rate=0.9),
        ],
        partners=[
            ("cci-ales", "CCI d'Alès", "public_body", _d("2005-01-01"), None),
            ("alescevennes", "Agglomération d'Alès", "local_authority", _d("2005-01-01"), None),
            ("sncf-gard", "SNCF Languedoc-Roussillon", "large_company", _d("2005-01-01"), None),
            ("solvay", "Solvay Salindres", "large_company", _d("2008-01-01"), None),
            ("cepac", "Caisse d'Épargne Languedoc", "bank", _d("2005-01-01"), None),
        ],
        trend=0.01,
    ),
    Basin(
        "indre", "alIZé Indre", _d("2006-01-01"), "CCI de l'Indre, Châteauroux",
        [
            Territory("chateauroux", "Châteauroux", _d("2006-01-01"), 3_900, 0.0, [
                ("36044", "Châteauroux", 70), ("36063", "Déols", 15), ("36202", "Saint-Maur", 15)], rate=0.8),
            Territory("issoudun", "Issoudun", _d("2006-01-01"), 1_250, -0.005, [
                ("36088", "Issoudun", 100)], rate=0.9),
        ],
        partners=[
            ("cci-indre", "CCI de l'Indre", "public_body", _d("2006-01-01"), None),
            ("cg-indre", "Conseil général de l'Indre", "local_authority", _d("2006-01-01"), None),
            ("safran-indre", "Safran Châteauroux", "large_company", _d("2006-01-01"), None),
            ("ce-centre", "Caisse d'Épargne Centre", "bank", _d("2006-01-01"), None),
        ],
    ),
    Basin(
        "loire-atlantique", "alIZé Loire-Atlantique", _d("2004-01-01"), "CCI Nantes Saint-Nazaire, Saint-Nazaire",
        [
            Territory("saint-nazaire", "Saint-Nazaire", _d("2004-01-01"), 7_300, 0.012, [
                ("44184", "Saint-Nazaire", 55), ("44132", "Pornichet", 12), ("44103", "Montoir-de-Bretagne", 10),
                ("44055", "La Baule-Escoublac", 23)], rate=0.75),
        ],
        partners=[
            ("cci-nantes", "CCI Nantes Saint-Nazaire", "public_body", _d("2004-01-01"), None),
            ("carene", "CARENE Saint-Nazaire agglomération", "local_authority", _d("2004-01-01"), None),
            ("chantiers", "Chantiers de l'Atlantique", "large_company", _d("2004-01-01"), None),
            ("airbus-sn", "Airbus Saint-Nazaire", "large_company", _d("2007-01-01"), None),
            ("cm-loire", "Crédit Mutuel Loire-Atlantique", "bank", _d("2004-01-01"), None),
        ],
        trend=0.015,
    ),
    Basin(
        "angers-saumur", "alIZé Angers-Saumur", _d("2005-01-01"), "CCI de Maine-et-Loire, Angers",
        [
            Territory("angers", "Angers", _d("2005-01-01"), 9_800, 0.010, [
                ("49007", "Angers", 65), ("49353", "Trélazé", 10), ("49015", "Avrillé", 10),
                ("49246", "Les Ponts-de-Cé", 15)], rate=0.6),
            Territory("saumur", "Saumur", _d("2005-01-01"), 2_900, 0.002, [
                ("49328", "Saumur", 100)], rate=0.8),
        ],
        partners=[
            ("cci-49", "CCI de Maine-et-Loire", "public_body", _d("2005-01-01"), None),
            ("angers-loire-metropole", "Angers Loire Métropole", "local_authority", _d("2005-01-01"), None),
            ("scania-angers", "Scania Angers", "large_company", _d("2005-01-01"), None),
            ("bull-angers", "Bull Angers", "large_company", _d("2005-01-01"), _d("2016-12-31")),
            ("ca-anjou", "Crédit Agricole Anjou Maine", "bank", _d("2005-01-01"), None),
        ],
    ),
]

CONVENTION_YEARS = 3
# Each basin's ceiling on one project's aid (its fund's rules), and the weekday its committees usually meet.
AID_CAPS = {"savoie": 15_000, "meuse": 12_000, "longwy": 10_000, "gard": 15_000, "indre": 12_000,
            "loire-atlantique": 20_000, "angers-saumur": 15_000}
AID_FLOOR = 2_000
COMMITTEE_WEEKDAY = {"savoie": 1, "meuse": 3, "longwy": 0, "gard": 2, "indre": 3, "loire-atlantique": 1,
                     "angers-saumur": 4}
# Most aid is a round amount (multiples of 500 €); about one in eight is a share of the project's budget,
# to the nearest 5 €, in every year alike: that is how 2010's published 445 135 € is reached (its
# remainder 135 is spread over those budget-share amounts, never put on a single project).
BUDGET_SHARE = 0.12
RATE_SCALE = 1.6  # brings the network to about 70 projects studied a year, as in 2010

_ACTIVITIES = {
    "C": ["Usinage", "Mécanique", "Plasturgie", "Menuiserie industrielle", "Chaudronnerie", "Fonderie",
          "Électronique", "Découpe laser", "Atelier textile", "Fromagerie"],
    "F": ["Charpente", "Maçonnerie", "Rénovation", "Couverture", "Isolation", "Terrassement"],
    "G": ["Comptoir", "Négoce", "Épicerie fine", "Distribution", "Matériaux"],
    "I": ["Hôtel", "Auberge", "Restaurant", "Gîtes"],
    "M": ["Bureau d'études", "Conseil", "Ingénierie", "Laboratoire", "Géomètres"],
    "N": ["Nettoyage", "Services", "Location", "Sécurité"],
    "J": ["Logiciels", "Web", "Numérique", "Réseaux"],
    "H": ["Transports", "Logistique", "Messagerie"],
    "Q": ["Soins", "Aide à domicile", "Cabinet"],
    "S": ["Atelier", "Réparation", "Pressing"],
    "E": ["Recyclage", "Dépollution"],
}
_NAMES = ["Martin", "Bernard", "Dubois", "Girard", "Perrin", "Favre", "Blanc", "Chabert", "Vial", "Rey",
          "Bonnet", "Durand", "Fournier", "Morel", "Roux", "Gauthier", "Michaud", "Baudin", "Collet",
          "Tissot", "Arnaud", "Brunet", "Carron", "Dumas", "Empereur", "Falcoz", "Grange", "Jacquier",
          "Lambert", "Mollard", "Pellissier", "Ravier", "Salomon", "Tournier", "Vernaz"]
_PLACES = ["des Cimes", "du Val", "de l'Arc", "des Bauges", "du Lac", "des Trois Vallées", "du Plateau",
           "de la Vallée", "du Pont", "des Forges", "du Coteau", "de la Gare", "du Moulin"]
_FORMS = ["SARL", "SAS", "EURL", "SA", "SASU"]


def company_name(rng: random.Random, sector: str) -> str:
    activity = rng.choice(_ACTIVITIES.get(sector, _ACTIVITIES["S"]))
    tail = rng.choice(_NAMES) if rng.random() < 0.6 else rng.choice(_PLACES)
    return f"{activity} {tail} {rng.choice(_FORMS)}"


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split a whole `total` in proportion to `weights` (largest remainder), each at least `minimum`."""
    n = len(weights)
    if n == 0:
        if total:
            raise ValueError("cannot allocate a non-zero total over nothing")
        return []
    base = [minimum] * n
    rest = total - minimum * n
    if rest < 0:
        raise ValueError(f"total {total} below the minimum {minimum} x {n}")
    wsum = sum(weights) or n
    shares = [rest * (w if sum(weights) else 1) / wsum for w in weights]
    floors = [math.floor(s) for s in shares]
    left = rest - sum(floors)
    order = sorted(range(n), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [b + f for b, f in zip(base, floors)]


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; small means only."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def establishments(territory: Territory, year: int) -> int:
    return round(territory.establishments_2006 * (1 + territory.growth) ** (year - 2006))


def _year_activity(rng: random.Random, basin: Basin, year: int) -> dict:
    """Natural activity of a basin in a year: the members' rates, the economy, a drift."""
    economy = {2008: 0.95, 2009: 1.1, 2010: 1.05, 2011: 1.0, 2012: 0.95, 2013: 0.9, 2020: 0.8}.get(year, 1.0)
    expected = {}
    for terr in basin.territories:
        if dt.date(year, 12, 31) < terr.joined_on:
            continue
        rate = RATE_SCALE * terr.rate * economy * (1 + basin.trend) ** (year - 2010)
        expected[terr.id] = rate * establishments(terr, year) / 1000
    lam = sum(expected.values())
    # near the expected volume (a committee programme is steadier than pure chance): ±15 %
    studied = max(1, round(lam * 1.1 * rng.uniform(0.85, 1.15)))
    # committees gather 1 to 3 projects: their yearly number varies as the agenda does
    committees = max(2, min(10, round(studied / rng.uniform(1.3, 2.6))))
    retained = sum(1 for _ in range(studied) if rng.random() < 0.9)
    return {"expected": expected, "studied": studied, "committees": committees, "retained": retained}


def _committee_dates(rng: random.Random, year: int, n: int, weekday: int = 1) -> list[dt.date]:
    """n committee days in a year, none in August: most on the basin's usual weekday (`weekday`,
    Monday = 0), some on another working day, in the first to fourth week of the month."""
    months = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
    chosen = sorted(rng.sample(months, n)) if n <= len(months) else sorted(rng.choices(months, k=n))
    out = []
    for m in chosen:
        wd = weekday if rng.random() < 0.65 else rng.randrange(5)
        first = dt.date(year, m, 1)
        day = first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * rng.randrange(4))
        while day in out:
            day += dt.timedelta(days=7)
        out.append(day)
    return sorted(out)


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 2, 28)


def _trajectory(rng, start_jobs, committed, held_on, closed_on, until):
    """Follow-up visits, about yearly but irregular: most within a month of the anniversary, some months
    late, some years skipped, some firms that stop answering. The firm grows over three years towards its
    headcount at application plus the share of its commitment it realises (about 2 projects in 3 succeed)."""
    success = rng.random() < 0.66  # about 2/3 of projects succeed (alIZé Savoie)
    share = rng.uniform(0.5, 1.0) if success else rng.uniform(-0.3, 0.15)
    target = start_jobs + round(committed * share)
    stops = 18 if rng.random() > 0.12 else rng.randint(2, 8)  # some firms stop answering after a while
    points = []
    for k in range(1, min(stops, 18) + 1):
        if rng.random() < 0.08:  # a year without a visit
            continue
        late = rng.randint(30, 180) if rng.random() < 0.15 else rng.randint(-25, 25)
        day = _anniversary(held_on, k) + dt.timedelta(days=late)
        if day > until:
            break
        if closed_on and day >= closed_on:
            if rng.random() < 0.6:  # the closure is not always recorded by a visit
                points.append((closed_on, 0))
            break
        if points and day <= points[-1][0]:
            continue
        progress = min(1.0, k / 3)
        jobs = round(start_jobs + (target - start_jobs) * progress + rng.uniform(-0.6, 0.6))
        points.append((day, max(0, jobs)))
    return points


def generate(seed: int = SEED) -> dict[str, list[dict]]:
    """All demo tables as lists of rows, calibrated for 2010."""
    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {k: [] for k in (
        "meta", "basins", "territories", "establishments", "conventions", "communes", "partners",
        "contributions", "committees", "projects", "missions", "followups", "repayments", "instalments")}
    rows["meta"] = [{"key": "source", "value": "demo"}, {"key": "seed", "value": str(seed)},
                    {"key": "calibration_year", "value": str(CALIBRATION_YEAR)}]

    for b in BASINS:
        rows["basins"].append({"id": b.id, "name": b.name, "started_on": b.started_on})
        for n, start in enumerate(range(FIRST_YEAR, LAST_YEAR + 1, CONVENTION_YEARS), start=1):
            rows["conventions"].append({"basin": b.id, "number": n, "starts_on": dt.date(start, 1, 1),
                                        "ends_on": dt.date(start + CONVENTION_YEARS - 1, 12, 31)})
        for terr in b.territories:
            rows["territories"].append({"id": terr.id, "basin": b.id, "name": terr.name,
                                        "joined_on": terr.joined_on})
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                rows["establishments"].append({"territory": terr.id, "year": year,
                                               "count": establishments(terr, year)})
            for code, name, _ in terr.communes:
                rows["communes"].append({"insee_code": code, "name": name, "territory": terr.id})
        for pid, name, kind, joined, left in b.partners:
            rows["partners"].append({"id": pid, "name": name, "kind": kind, "basin": b.id,
                                     "joined_on": joined, "left_on": left})

    # Activity per basin and year; 2010 is then forced onto the published network totals.
    activity = {(b.id, y): _year_activity(rng, b, y) for y in range(FIRST_YEAR, LAST_YEAR + 1) for b in BASINS}
    cal = [activity[(b.id, CALIBRATION_YEAR)] for b in BASINS]
    weights = [sum(a["expected"].values()) for a in cal]
    committees = allocate(CALIBRATION["committees"], weights, minimum=3)
    studied = allocate(CALIBRATION["projects_studied"] - sum(committees), weights)
    studied = [s + c for s, c in zip(studied, committees)]  # every 2010 committee studies a project
    retained = allocate(CALIBRATION["projects_retained"], [s - 0.4 for s in studied])
    for a, c, s, r in zip(cal, committees, studied, retained):
        a.update(committees=c, studied=s, retained=min(r, s))
    target = {k: CALIBRATION[k] for k in ("aid_eur", "competence_days", "jobs_committed")}

    basin_by_id = {b.id: b for b in BASINS}
    calibration_projects: list[dict] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for b in BASINS:
            _basin_year(rng, basin_by_id[b.id], year, activity[(b.id, year)], rows, calibration_projects)
    _calibrate_amounts(rng, calibration_projects, target, rows)
    for project in rows["projects"]:
        _after_committee(rng, project, rows)
    _contributions(rng, rows)
    for table in rows.values():
        for row in table:
            row.pop("_held_on", None), row.pop("_basin", None), row.pop("_size", None)
    return rows


def _basin_year(rng, basin: Basin, year: int, act: dict, rows, calibration_projects) -> None:
    dates = _committee_dates(rng, year, act["committees"], COMMITTEE_WEEKDAY.get(basin.id, 1))
    committees = []
    for i, day in enumerate(dates, start=1):
        cid = f"{basin.code}-{year}-{i:02d}"
        committees.append((cid, day))
        rows["committees"].append({"id": cid, "basin": basin.id, "held_on": day, "place": basin.place})
    members = [t for t in basin.territories if t.id in act["expected"]]
    # every committee studies at least one project when there are enough
    slots = [committees[i % len(committees)] for i in range(min(act["studied"], len(committees)))]
    slots += [rng.choice(committees) for _ in range(act["studied"] - len(slots))]
    decisions = ["retained"] * act["retained"] + [
        rng.choice(("deferred", "rejected", "rejected")) for _ in range(act["studied"] - act["retained"])]
    rng.shuffle(decisions)
    seq = sum(1 for p in rows["projects"] if p["id"].startswith(f"{basin.code}{year}"))
    for k, ((cid, day), decision) in enumerate(zip(sorted(slots, key=lambda s: s[1]), decisions), start=1):
        terr = rng.choices(members, weights=[act["expected"][t.id] for t in members])[0]
        if day < terr.joined_on:
            terr = members[0]
        code, _, _ = rng.choices(terr.communes, weights=[w for *_, w in terr.communes])[0]
        sector = rng.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        start_jobs = {"creation": rng.randint(0, 2), "development": rng.randint(2, 25),
                      "takeover": rng.randint(3, 18)}[kind]
        size = rng.lognormvariate(0, 0.55)
        project = {
            "id": f"{basin.code}{year}-{seq + k:03d}", "company": company_name(rng, sector), "sector": sector,
            "kind": kind, "territory": terr.id, "commune": code,
            "submitted_on": day - dt.timedelta(days=rng.randint(20, 80)), "committee": cid,
            "decision": decision, "aid_eur": 0, "bank_loans_eur": 0, "jobs_at_start": start_jobs,
            "jobs_committed": 0, "closed_on": None, "_held_on": day, "_basin": basin, "_size": size,
        }
        rows["projects"].append(project)
        if decision != "retained":
            continue
        if year == CALIBRATION_YEAR:
            calibration_projects.append(project)
            continue
        project["jobs_committed"] = max(1, round(4.4 * size + rng.uniform(-1, 1)))
        if rng.random() < 0.88:
            project["aid_eur"] = _aid_amount(rng, basin, size)
        days = max(0, round(3.4 * rng.uniform(0.2, 1.6)))
        _missions(rng, project, days, rows)


def _aid_amount(rng, basin: Basin, size: float) -> int:
    """One project's aid: round (500 €) most of the time, a budget share to the nearest 5 € otherwise,
    between the floor and the basin's cap."""
    cap = AID_CAPS.get(basin.id, 15_000)
    wanted = 7_600 * size
    if rng.random() < BUDGET_SHARE:
        return int(min(cap, max(AID_FLOOR, round(wanted * rng.uniform(0.9, 1.1) / 5) * 5)))
    return int(min(cap, max(AID_FLOOR, round(wanted / 500) * 500)))


def _capped_units(total: int, weights: list[float], caps: list[int], floor: int) -> list[int]:
    """Split `total` units in proportion to `weights`, each between `floor` and its cap: a share above
    its cap is set at it and the rest shared again among the others."""
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        parts = allocate(total - sum(fixed.values()), [weights[i] for i in free], minimum=floor)
        over = [i for i, u in zip(free, parts) if u > caps[i]]
        if not over:
            out = dict(zip(free, parts)) | fixed
            return [out[i] for i in range(len(weights))]
        for i in over:
            fixed[i] = caps[i]


def _calibrate_amounts(rng, projects: list[dict], target: dict, rows) -> None:
    """Give 2010's retained projects amounts that add up to the published totals exactly, drawn as
    in the other years: about one aided project in eight gets a budget-share aid (a multiple of 5 €),
    the others round amounts (multiples of 500 €) under their basin's cap. The published total's
    remainder modulo 500 € (135 €) is spread over the budget-share amounts, a few tens of euros each."""
    sizes = [p["_size"] for p in projects]
    jobs = allocate(target["jobs_committed"], sizes, minimum=1)
    aided = [i for i in range(len(projects)) if rng.random() < 0.88]
    shares = [i for i in aided if rng.random() < BUDGET_SHARE]
    while len(shares) < 3:  # enough of them to carry the remainder in small parts
        shares.append(next(i for i in aided if i not in shares))
    share_aid = {i: int(min(AID_CAPS[projects[i]["_basin"].id] - 500,
                            max(AID_FLOOR, round(7_600 * sizes[i] * rng.uniform(0.9, 1.1) / 5) * 5))) for i in shares}
    delta = (target["aid_eur"] - sum(share_aid.values())) % 500
    for i, extra in zip(shares, allocate(delta // 5, [rng.uniform(0.5, 1.5) for _ in shares])):
        share_aid[i] += 5 * extra
    rounds = [i for i in aided if i not in share_aid]
    units = _capped_units((target["aid_eur"] - sum(share_aid.values())) // 500, [sizes[i] for i in rounds],
                          [AID_CAPS[projects[i]["_basin"].id] // 500 for i in rounds], AID_FLOOR // 500)
    with_days = [i for i in range(len(projects)) if rng.random() < 0.85]
    days = allocate(target["competence_days"], [rng.uniform(0.4, 1.6) for _ in with_days], minimum=1)
    for p, j in zip(projects, jobs):
        p["jobs_committed"] = j
    for i, a in [*share_aid.items(), *((i, u * 500) for i, u in zip(rounds, units))]:
        projects[i]["aid_eur"] = a
    day_of = dict(zip(with_days, days))
    for i, p in enumerate(projects):
        _missions(rng, p, day_of.get(i, 0), rows)


def _missions(rng, project: dict, days: int, rows) -> None:
    """A project's competence days, in one or two missions, each by a partner company or bank that is a
    member on the day the mission starts (never after it left)."""
    if days <= 0:
        return
    basin: Basin = project["_basin"]
    held = project["_held_on"]
    parts = [days] if days < 4 or rng.random() < 0.5 else allocate(days, [rng.random() + 0.3, rng.random() + 0.3],
                                                                    minimum=1)
    for n, part in enumerate(parts, start=1):
        started = held + dt.timedelta(days=rng.randint(15, 120))
        active = [pid for pid, _, kind, joined, left in basin.partners
                  if kind in ("large_company", "bank") and joined <= started and (left is None or left >= started)]
        rows["missions"].append({
            "id": f"M-{project['id']}-{n}", "project": project["id"], "partner": rng.choice(active),
            "days": f"{part:.1f}", "theme": rng.choice(THEMES), "started_on": started,
        })


CLOSURE_HAZARD = (0.03, 0.03, 0.03, 0.025, 0.02)  # a firm's yearly chance of closing, then 2 % a year


def _closure(rng, held: dt.date) -> dt.date | None:
    for k in range(17):
        if rng.random() < (CLOSURE_HAZARD[k] if k < len(CLOSURE_HAZARD) else 0.02):
            closed = held + dt.timedelta(days=365 * k + rng.randint(60, 364))
            return closed if closed <= FOLLOWUP_UNTIL else None
    return None


def _after_committee(rng, project: dict, rows) -> None:
    """Bank loans, closures, follow-ups, the loan's schedule and its repayments for a retained project."""
    if project["decision"] != "retained":
        return
    held = project["_held_on"]
    aid = project["aid_eur"]
    leverage = {"creation": 6, "development": 8, "takeover": 11}[project["kind"]] * rng.uniform(0.5, 1.5)
    project["bank_loans_eur"] = int(round(max(aid, 5_000) * leverage / 1000) * 1000)
    closed = _closure(rng, held)
    project["closed_on"] = closed
    if rng.random() > 0.03:  # a few firms never answer the follow-up
        for day, jobs in _trajectory(rng, project["jobs_at_start"], project["jobs_committed"], held, closed,
                                     FOLLOWUP_UNTIL):
            rows["followups"].append({"project": project["id"], "observed_on": day, "jobs": jobs})
    if aid > 0:
        _loan(rng, project, closed, rows)


def _loan(rng, project: dict, closed: dt.date | None, rows) -> None:
    """The zero-rate advance: one year's deferral, then five yearly instalments. Most firms pay on time,
    some late (a few months, sometimes more than 90 days), a few get their loan rescheduled (the rest
    spread over new instalments), a few stop paying and are written off before or without closing; a
    closure writes the rest off. Payments after the records' end are not in them."""
    pid, held, aid = project["id"], project["_held_on"], project["aid_eur"]
    schedule = [(held + dt.timedelta(days=365 * k), amount, None)
                for k, amount in enumerate(allocate(aid, [1] * 5), start=2)]
    behaviour = rng.choices(("good", "late", "reschedule", "default"), weights=(80, 12, 5, 3))[0]
    stop_at = rng.randint(1, 4) if behaviour in ("reschedule", "default") else None
    paid: dict[dt.date, int] = {}
    repaid = 0
    i = 0
    while i < len(schedule):
        due, amount, _ = schedule[i]
        if closed and due >= closed or due > FOLLOWUP_UNTIL:
            break
        if stop_at is not None and i == stop_at:
            if behaviour == "reschedule":  # the rest spread over 3 or 4 new yearly instalments
                agreed = due + dt.timedelta(days=rng.randint(60, 150))
                first = agreed + dt.timedelta(days=rng.randint(90, 200))
                parts = allocate(aid - repaid, [1] * rng.randint(3, 4))
                schedule = schedule[:i] + [(first + dt.timedelta(days=365 * j), part, agreed)
                                           for j, part in enumerate(parts)]
                behaviour, stop_at = "good", None
                continue
            break  # a default: nothing more is paid
        if behaviour == "late" and rng.random() < 0.6:
            delay = rng.randint(35, 260)
        else:
            delay = rng.randint(0, 20) if rng.random() < 0.9 else rng.randint(21, 60)
        day = due + dt.timedelta(days=delay)
        if day > FOLLOWUP_UNTIL or (closed and day >= closed):
            break
        paid[day] = paid.get(day, 0) + amount
        repaid += amount
        i += 1
    rows["instalments"] += [{"project": pid, "due_on": due, "amount_eur": amount, "rescheduled_on": agreed}
                            for due, amount, agreed in schedule]
    rows["repayments"] += [{"project": pid, "paid_on": day, "amount_eur": amount, "kind": "repayment"}
                           for day, amount in sorted(paid.items())]
    left = aid - repaid
    if left <= 0:
        return
    if behaviour == "default" and stop_at is not None:  # written off after a year or two of silence
        written = schedule[stop_at][0] + dt.timedelta(days=rng.randint(365, 720))
    elif closed:
        written = closed + dt.timedelta(days=rng.randint(30, 240))
    else:
        return
    last_paid = max(paid, default=held)
    written = max(written, last_paid + dt.timedelta(days=1))
    if written <= FOLLOWUP_UNTIL:
        rows["repayments"].append({"project": pid, "paid_on": written, "amount_eur": left, "kind": "write_off"})


def _contributions(rng, rows) -> None:
    """Partners feed their basin's fund: an endowment when they join, then yearly payments."""
    aid_by = {}
    for p in rows["projects"]:
        key = (p["_basin"].id, p["_held_on"].year)
        aid_by[key] = aid_by.get(key, 0) + p["aid_eur"]
    for b in BASINS:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            payers = [(pid, kind) for pid, _, kind, joined, left in b.partners
                      if kind in ("large_company", "local_authority", "bank") and joined.year <= year
                      and (left is None or left.year >= year)]
            total = round(0.45 * aid_by.get((b.id, year), 0) / 1000) * 1000
            if year == FIRST_YEAR:
                total += 120_000
            for pid, kind in payers:
                joined = next(j for q, _, _, j, _ in b.partners if q == pid)
                if joined.year == year and year != FIRST_YEAR:
                    total += 20_000  # endowment of a newcomer
            if not payers or total <= 0:
                continue
            shares = allocate(total // 500, [3 if k == "large_company" else 2 for _, k in payers], minimum=0)
            for (pid, _), share in zip(payers, shares):
                if share:
                    rows["contributions"].append({"partner": pid, "paid_on": dt.date(year, 3, 31),
                                                  "amount_eur": share * 500})


COLUMNS = {
    "meta": ["key", "value"],
    "basins": ["id", "name", "started_on"],
    "territories": ["id", "basin", "name", "joined_on"],
    "establishments": ["territory", "year", "count"],
    "conventions": ["basin", "number", "starts_on", "ends_on"],
    "communes": ["insee_code", "name", "territory"],
    "partners": ["id", "name", "kind", "basin", "joined_on", "left_on"],
    "contributions": ["partner", "paid_on", "amount_eur"],
    "committees": ["id", "basin", "held_on", "place"],
    "projects": ["id", "company", "sector", "kind", "territory", "commune", "submitted_on", "committee",
                 "decision", "aid_eur", "bank_loans_eur", "jobs_at_start", "jobs_committed", "closed_on"],
    "missions": ["id", "project", "partner", "days", "theme", "started_on"],
    "followups": ["project", "observed_on", "jobs"],
    "repayments": ["project", "paid_on", "amount_eur", "kind"],
    "instalments": ["project", "due_on", "amount_eur", "rescheduled_on"],
}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csvs(rows: dict[str, list[dict]], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, columns in COLUMNS.items():
        path = out / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            for row in rows[table]:
                writer.writerow([_cell(row[c]) for c in columns])
        written.append(path)
    return written


def write_demo(out: Path, seed: int = SEED) -> list[Path]:
    return write_csvs(generate(seed), Path(out))


# ---- the scaled network (benchmarks) ----------------------------------------------------------------
#
# `write_scaled(out, projects, seed)` writes a network of the demo's shape at any size: the seven real
# basins plus synthetic ones ("alIZé Bassin 001"...), about SCALED_PROJECTS_PER_BASIN projects per
# basin over 2006–2020, with the same per-project rules as the demo (decisions, aid, missions,
# follow-ups, closures, repayments, contributions) drawn with numpy in whole arrays. It holds exactly
# `projects` projects. It is not calibrated (2010 is whatever the draw gives) and its meta source is
# "scaled-demo", so rebuild.ensure() never rebuilds it over from data/. Same (projects, seed), same bytes.

SCALED_PROJECTS_PER_BASIN = 1_500
_ECONOMY = {2008: 0.95, 2009: 1.1, 2010: 1.05, 2011: 1.0, 2012: 0.95, 2013: 0.9, 2020: 0.8}
_TERRITORY_SUFFIXES = ("Centre", "Nord", "Sud", "Est", "Ouest")
_MISSION_KINDS = ("large_company", "bank")
_PAYER_KINDS = ("large_company", "local_authority", "bank")
_DATE_COLUMNS = {
    "basins": ("started_on",), "territories": ("joined_on",), "conventions": ("starts_on", "ends_on"),
    "partners": ("joined_on", "left_on"), "contributions": ("paid_on",), "committees": ("held_on",),
    "projects": ("submitted_on", "closed_on"), "missions": ("started_on",), "followups": ("observed_on",),
    "repayments": ("paid_on",), "instalments": ("due_on", "rescheduled_on"),
}


def _np_day(day: dt.date):
    import numpy as np

    return np.datetime64(day.isoformat(), "D")


def _scaled_structure(rng, projects: int):
    """Basins, territories, communes and partners: the real seven, then synthetic ones."""
    import numpy as np

    synthetic = max(0, round(projects / SCALED_PROJECTS_PER_BASIN) - len(BASINS))
    width = max(3, len(str(synthetic)))
    basins, territories, communes, partners = [], [], [], []
    for b in BASINS:
        basins.append({"id": b.id, "name": b.name, "started_on": b.started_on, "place": b.place,
                       "code": b.code, "trend": b.trend})
        for t in b.territories:
            territories.append({"id": t.id, "basin": b.id, "name": t.name, "joined_on": t.joined_on,
                                "est": t.establishments_2006, "growth": t.growth, "rate": t.rate})
            for code, name, weight in t.communes:
                communes.append({"insee_code": code, "name": name, "territory": t.id, "weight": float(weight)})
        for pid, name, kind, joined, left in b.partners:
            partners.append({"id": pid, "name": name, "kind": kind, "basin": b.id, "joined_on": joined,
                             "left_on": left})
    used_codes = {c["insee_code"] for c in communes}
    next_code = 1000
    for i in range(1, synthetic + 1):
        label = f"{i:0{width}d}"
        bid = f"bassin-{label}"
        started = dt.date(int(rng.integers(1999, 2007)), 1, 1)
        basins.append({"id": bid, "name": f"alIZé Bassin {label}", "started_on": started,
                       "place": f"CCI du bassin {label}", "code": f"B{label}",
                       "trend": float(rng.uniform(-0.015, 0.015))})
        n_terr = int(rng.integers(1, 5))
        extension = n_terr > 1 and rng.random() < 0.3
        for k in range(n_terr):
            tid = f"{bid}-{k + 1}"
            joined = started
            if extension and k == n_terr - 1:
                joined = dt.date(int(rng.choice([2009, 2012, 2015])), 1, 1)
            territories.append({"id": tid, "basin": bid, "name": f"Bassin {label} {_TERRITORY_SUFFIXES[k]}",
                                "joined_on": joined, "est": int(np.clip(rng.lognormal(8.1, 0.5), 800, 15_000)),
                                "growth": float(rng.uniform(-0.006, 0.012)), "rate": float(rng.uniform(0.6, 1.6))})
            for j in range(int(rng.integers(2, 9))):
                while f"{next_code:05d}" in used_codes:
                    next_code += 1
                code = f"{next_code:05d}"
                used_codes.add(code)
                communes.append({"insee_code": code, "name": f"Commune {code}", "territory": tid,
                                 "weight": float(rng.uniform(1, 10))})
        pk = [("cci", f"CCI du bassin {label}", "public_body"),
              ("agglo", f"Agglomération du bassin {label}", "local_authority")]
        pk += [(f"groupe-{m}", f"Groupe industriel {label}-{m}", "large_company")
               for m in range(1, int(rng.integers(2, 5)))]
        pk.append(("banque", f"Banque du bassin {label}", "bank"))
        first_company = True
        for suffix, name, kind in pk:
            joined, left = started, None
            if kind == "large_company" and not first_company:
                if rng.random() < 0.3:
                    joined = dt.date(int(rng.integers(2007, 2016)), 1, 1)
                if rng.random() < 0.15:
                    left = dt.date(int(rng.integers(joined.year + 2, 2021)), 12, 31)
            first_company = first_company and kind != "large_company"
            partners.append({"id": f"{bid}-{suffix}", "name": name, "kind": kind, "basin": bid,
                             "joined_on": joined, "left_on": left})
    return basins, territories, communes, partners


# Long: one vectorised pass over numpy arrays; its steps (marked below) share some thirty arrays, which
# functions would only hand back and forth, and the bytes it writes are pinned by the tests.
def generate_scaled(projects: int, seed: int = SEED) -> dict:
    """All tables of a scaled network as pandas DataFrames (see write_scaled)."""
    import numpy as np
    import pandas as pd

    if projects < 1:
        raise ValueError("projects must be at least 1")
    rng = np.random.default_rng([seed, projects])
    basins, territories, communes, partners = _scaled_structure(rng, projects)
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    n_years = len(years)
    b_index = {b["id"]: i for i, b in enumerate(basins)}
    t_basin = np.array([b_index[t["basin"]] for t in territories])
    t_joined_year = np.array([t["joined_on"].year for t in territories])
    trend = np.array([b["trend"] for b in basins])

    # expected activity per territory-year, then exactly `projects` projects spread over it
    est = np.array([[t["est"] * (1 + t["growth"]) ** (y - 2006) for y in years] for t in territories]).round()
    econ = np.array([_ECONOMY.get(int(y), 1.0) for y in years])
    weight = (np.array([t["rate"] for t in territories])[:, None] * est * econ[None, :]
              * (1 + trend[t_basin])[:, None] ** (years[None, :] - 2010))
    weight[t_joined_year[:, None] > years[None, :]] = 0.0
    counts = rng.multinomial(projects, (weight / weight.sum()).ravel()).reshape(weight.shape)

    # committees: per basin-year, 2 to 11 (one a month at most, no August), about 12 projects each
    n_basins = len(basins)
    by_projects = np.zeros((n_basins, n_years), dtype=np.int64)
    np.add.at(by_projects, t_basin, counts)
    n_comm = np.clip(np.ceil(by_projects / 12), 2, 11).astype(np.int64).ravel()
    months = np.array([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12])
    order = rng.random((n_basins * n_years, 11)).argsort(axis=1)
    take = np.arange(11)[None, :] < n_comm[:, None]
    by_idx = np.repeat(np.arange(n_basins * n_years), n_comm)
    c_month = np.sort(np.where(take, months[order], 99), axis=1)[take]
    c_year = years[by_idx % n_years]
    c_basin = by_idx // n_years
    c_day = rng.integers(5, 26, len(by_idx))
    held = ((c_year - 1970) * 12 + c_month - 1).astype("datetime64[M]").astype("datetime64[D]") + (c_day - 1)
    weekday = (held.astype(np.int64) + 3) % 7  # 0 = Monday
    held = held + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))
    c_seq = np.arange(len(by_idx)) - np.repeat(np.cumsum(n_comm) - n_comm, n_comm) + 1
    codes = np.array([b["code"] for b in basins], dtype=object)
    c_id = (pd.Series(codes[c_basin]) + "-" + pd.Series(c_year).astype(str) + "-"
            + pd.Series(c_seq).map("{:02d}".format)).to_numpy(dtype=object)
    comm_offset = np.cumsum(n_comm) - n_comm

    # projects: territory-year cells → a committee of that basin-year, ordered by committee date
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    p_terr, p_yi = cell // n_years, cell % n_years
    p_by = t_basin[p_terr] * n_years + p_yi
    p_comm = comm_offset[p_by] + (rng.random(projects) * n_comm[p_by]).astype(np.int64)
    perm = np.lexsort((rng.random(projects), p_comm))
    p_terr, p_yi, p_by, p_comm = p_terr[perm], p_yi[perm], p_by[perm], p_comm[perm]
    p_basin = t_basin[p_terr]
    p_held = held[p_comm]
    starts = np.r_[0, np.flatnonzero(np.diff(p_by)) + 1]
    seq = np.arange(projects) - np.repeat(starts, np.diff(np.r_[starts, projects])) + 1
    width = max(3, len(str(int(seq.max()))))
    p_id = (pd.Series(codes[p_basin]) + pd.Series(years[p_yi]).astype(str) + "-"
            + pd.Series(seq).map(("{:0" + str(width) + "d}").format)).to_numpy(dtype=object)

    # communes, weighted within the territory
    com = pd.DataFrame(communes)
    t_index = {t["id"]: i for i, t in enumerate(territories)}
    com["t"] = com["territory"].map(t_index)
    com = com.sort_values("t", kind="stable").reset_index(drop=True)
    cum = com.groupby("t")["weight"].cumsum() / com.groupby("t")["weight"].transform("sum")
    key = com["t"].to_numpy() + np.minimum(cum.to_numpy(), 1.0)
    key[np.r_[np.flatnonzero(np.diff(com["t"].to_numpy())), len(com) - 1]] = com["t"].to_numpy()[
        np.r_[np.flatnonzero(np.diff(com["t"].to_numpy())), len(com) - 1]] + 1.0
    p_commune = com["insee_code"].to_numpy(dtype=object)[
        np.searchsorted(key, p_terr + rng.random(projects) * 0.999999, side="right")]

    sectors = np.array(list(SECTOR_WEIGHTS))
    sw = np.array(list(SECTOR_WEIGHTS.values()), dtype=float)
    p_sector = sectors[rng.choice(len(sectors), projects, p=sw / sw.sum())]
    kinds = np.array(list(KIND_WEIGHTS))
    kw = np.array(list(KIND_WEIGHTS.values()), dtype=float)
    k_idx = rng.choice(len(kinds), projects, p=kw / kw.sum())
    p_kind = kinds[k_idx]
    lo = np.array([0, 2, 3])[k_idx]
    hi = np.array([2, 25, 18])[k_idx]
    start_jobs = lo + (rng.random(projects) * (hi - lo + 1)).astype(np.int64)
    size = rng.lognormal(0, 0.55, projects)
    u = rng.random(projects)
    retained = u < 0.9
    p_decision = np.where(retained, "retained", np.where(u < 0.9 + 0.1 / 3, "deferred", "rejected"))
    committed = np.where(retained, np.maximum(1, np.round(4.4 * size + rng.uniform(-1, 1, projects))), 0)
    committed = committed.astype(np.int64)
    aided = retained & (rng.random(projects) < 0.88)
    aid = np.where(aided, np.clip(np.round(7_600 * size / 500) * 500, 2_000, 15_000), 0).astype(np.int64)
    leverage = np.array([6, 8, 11])[k_idx] * rng.uniform(0.5, 1.5, projects)
    bank = np.where(retained, np.round(np.maximum(aid, 5_000) * leverage / 1000) * 1000, 0).astype(np.int64)
    until = _np_day(FOLLOWUP_UNTIL)
    closed = p_held + rng.integers(200, 2_601, projects)
    has_closed = retained & (rng.random(projects) < 0.10) & (closed <= until)
    closed = np.where(has_closed, closed, np.datetime64("NaT"))
    submitted = p_held - rng.integers(20, 81, projects)

    # company names: activity of the sector, a family name or a place, a legal form
    company = np.empty(projects, dtype=object)
    for s in sectors:
        mask = p_sector == s
        acts = np.array(_ACTIVITIES.get(str(s), _ACTIVITIES["S"]), dtype=object)
        company[mask] = acts[rng.integers(0, len(acts), int(mask.sum()))]
    tails = np.where(rng.random(projects) < 0.6,
                     np.array(_NAMES, dtype=object)[rng.integers(0, len(_NAMES), projects)],
                     np.array(_PLACES, dtype=object)[rng.integers(0, len(_PLACES), projects)])
    forms = np.array(_FORMS, dtype=object)[rng.integers(0, len(_FORMS), projects)]
    company = (pd.Series(company) + " " + pd.Series(tails) + " " + pd.Series(forms)).to_numpy(dtype=object)

    projects_df = pd.DataFrame({
        "id": p_id, "company": company, "sector": p_sector, "kind": p_kind,
        "territory": np.array([t["id"] for t in territories], dtype=object)[p_terr], "commune": p_commune,
        "submitted_on": submitted, "committee": c_id[p_comm], "decision": p_decision, "aid_eur": aid,
        "bank_loans_eur": bank, "jobs_at_start": start_jobs, "jobs_committed": committed, "closed_on": closed,
    })

    # missions: 1 to 5 days pledged to a retained project, split in two half the time from 4 days
    r_idx = np.flatnonzero(retained)
    days = np.maximum(1, np.round(3.4 * rng.uniform(0.2, 1.6, len(r_idx)))).astype(np.int64)
    split = (days >= 4) & (rng.random(len(r_idx)) < 0.5)
    w1, w2 = rng.random(len(r_idx)) + 0.3, rng.random(len(r_idx)) + 0.3
    first = np.where(split, np.clip(np.round(days * w1 / (w1 + w2)), 1, days - 1), days).astype(np.int64)
    m_proj = np.r_[r_idx, r_idx[split]]
    m_days = np.r_[first, (days - first)[split]]
    m_n = np.r_[np.ones(len(r_idx), dtype=np.int64), np.full(int(split.sum()), 2)]
    m_order = np.lexsort((m_n, m_proj))
    m_proj, m_days, m_n = m_proj[m_order], m_days[m_order], m_n[m_order]
    part = pd.DataFrame(partners)
    part["b"] = part["basin"].map(b_index)
    mp = part[part["kind"].isin(_MISSION_KINDS)].reset_index(drop=True)
    mp_count = mp.groupby("b").size().reindex(range(n_basins), fill_value=0).to_numpy()
    mp_offset = np.cumsum(mp_count) - mp_count
    m_basin = p_basin[m_proj]
    pick = mp_offset[m_basin] + (rng.random(len(m_proj)) * mp_count[m_basin]).astype(np.int64)
    joined = mp["joined_on"].map(_np_day).to_numpy(dtype="datetime64[D]")
    left = mp["left_on"].map(lambda d: _np_day(d) if d else np.datetime64("NaT")).to_numpy(dtype="datetime64[D]")
    m_held = p_held[m_proj]
    active = (joined[pick] <= m_held) & (np.isnat(left[pick]) | (left[pick] >= m_held))
    pick = np.where(active, pick, mp_offset[m_basin])  # the basin's first company is a partner throughout
    missions_df = pd.DataFrame({
        "id": "M-" + pd.Series(p_id[m_proj]) + "-" + pd.Series(m_n).astype(str),
        "project": p_id[m_proj], "partner": mp["id"].to_numpy(dtype=object)[pick],
        "days": pd.Series(m_days).astype(str) + ".0",
        "theme": np.array(THEMES, dtype=object)[rng.integers(0, len(THEMES), len(m_proj))],
        "started_on": m_held + rng.integers(15, 121, len(m_proj)),
    })

    # follow-ups: a yearly headcount on the committee's anniversary, towards the realised target
    r_held = p_held[r_idx]
    r_closed = closed[r_idx]
    success = rng.random(len(r_idx)) < 0.68
    share = np.where(success, rng.uniform(0.85, 1.35, len(r_idx)), rng.uniform(0.1, 0.6, len(r_idx)))
    r_start = start_jobs[r_idx]
    target = r_start + np.round(committed[r_idx] * share)
    answers = rng.random(len(r_idx)) > 0.03
    k = np.arange(1, 11)
    ym = r_held.astype("datetime64[M]")
    day_k = ((ym[:, None] + 12 * k[None, :]).astype("datetime64[D]")
             + (r_held - ym.astype("datetime64[D]"))[:, None])
    jobs_k = np.maximum(0, np.round(r_start[:, None] + (target - r_start)[:, None] * np.minimum(1.0, k / 3)[None, :]
                                    + rng.uniform(-0.6, 0.6, day_k.shape))).astype(np.int64)
    before_close = np.isnat(r_closed)[:, None] | (day_k < r_closed[:, None])
    normal = (day_k <= until) & before_close & answers[:, None]
    at_or_after = ~before_close
    first_after = at_or_after & (np.cumsum(at_or_after, axis=1) == 1)
    close_point = (first_after & (day_k <= until)).any(axis=1) & answers
    rows_i, cols_i = np.nonzero(normal)
    f_proj = np.r_[r_idx[rows_i], r_idx[close_point]]
    f_day = np.r_[day_k[rows_i, cols_i], r_closed[close_point]]
    f_jobs = np.r_[jobs_k[rows_i, cols_i], np.zeros(int(close_point.sum()), dtype=np.int64)]
    f_order = np.lexsort((f_day, f_proj))
    followups_df = pd.DataFrame({"project": p_id[f_proj[f_order]], "observed_on": f_day[f_order],
                                 "jobs": f_jobs[f_order]})

    # repayments: one year's deferral, five yearly instalments; a closure writes the rest off
    a_idx = np.flatnonzero(aid > 0)
    a_aid, a_held, a_closed = aid[a_idx], p_held[a_idx], closed[a_idx]
    q, rem = np.divmod(a_aid, 5)
    inst = q[:, None] + (np.arange(5)[None, :] < rem[:, None])
    due = a_held[:, None] + 365 * np.arange(2, 7)[None, :]
    open_ = np.isnat(a_closed)[:, None] | (due < a_closed[:, None])
    repay = (due <= until) & open_
    after = ~open_
    first_w = after & (np.cumsum(after, axis=1) == 1) & (due <= until)
    has_w = first_w.any(axis=1)
    repaid = (inst * repay).sum(axis=1)
    rows_r, cols_r = np.nonzero(repay)
    w_rows = np.flatnonzero(has_w)
    rp_proj = np.r_[a_idx[rows_r], a_idx[w_rows]]
    rp_day = np.r_[due[rows_r, cols_r], a_closed[w_rows] + rng.integers(30, 241, len(w_rows))]
    rp_amount = np.r_[inst[rows_r, cols_r], (a_aid - repaid)[w_rows]]
    rp_kind = np.r_[np.full(len(rows_r), "repayment", dtype=object), np.full(len(w_rows), "write_off", dtype=object)]
    in_rows, in_cols = np.nonzero(inst > 0)  # the schedule, whole
    instalments_df = pd.DataFrame({"project": p_id[a_idx[in_rows]], "due_on": due[in_rows, in_cols],
                                   "amount_eur": inst[in_rows, in_cols],
                                   "rescheduled_on": np.full(len(in_rows), None, dtype=object)})
    rp_order = np.lexsort((rp_day, rp_proj))
    repayments_df = pd.DataFrame({"project": p_id[rp_proj[rp_order]], "paid_on": rp_day[rp_order],
                                  "amount_eur": rp_amount[rp_order], "kind": rp_kind[rp_order]})

    # contributions: the basin's payers share 45 % of the year's aid (+ an endowment the first year
    # and 20,000 € per newcomer), in 500 € units weighted 3 (company) / 2 (others), paid on 31 March
    aid_by = np.zeros(n_basins * n_years, dtype=np.int64)
    np.add.at(aid_by, p_by, aid)
    pay = part[part["kind"].isin(_PAYER_KINDS)][["id", "kind", "b", "joined_on", "left_on"]]
    pay = pay.assign(jy=pay["joined_on"].map(lambda d: d.year),
                     ly=pay["left_on"].map(lambda d: d.year if d else 9999))
    grid = pay.merge(pd.DataFrame({"year": years}), how="cross")
    grid = grid[(grid["jy"] <= grid["year"]) & (grid["ly"] >= grid["year"])].copy()
    grid["w"] = np.where(grid["kind"] == "large_company", 3, 2)
    grid["by"] = grid["b"] * n_years + (grid["year"] - FIRST_YEAR)
    newcomers = grid[(grid["jy"] == grid["year"]) & (grid["year"] != FIRST_YEAR)].groupby("by").size()
    total = np.round(0.45 * aid_by / 1000) * 1000 + np.where(np.arange(n_basins * n_years) % n_years == 0, 120_000, 0)
    total = total + newcomers.reindex(range(n_basins * n_years), fill_value=0).to_numpy() * 20_000
    units = (total // 500).astype(np.int64)
    wsum = grid.groupby("by")["w"].transform("sum").to_numpy()
    grid["units"] = units[grid["by"].to_numpy()] * grid["w"].to_numpy() // wsum
    lost = units - grid.groupby("by")["units"].sum().reindex(range(n_basins * n_years), fill_value=0).to_numpy()
    firsts = ~grid["by"].duplicated()
    grid.loc[firsts, "units"] += lost[grid.loc[firsts, "by"].to_numpy()]
    grid = grid[grid["units"] > 0]
    contributions_df = pd.DataFrame({
        "partner": grid["id"].to_numpy(), "paid_on": [dt.date(int(y), 3, 31) for y in grid["year"]],
        "amount_eur": grid["units"].to_numpy() * 500})

    # the small tables
    est_rows = [{"territory": t["id"], "year": int(y), "count": int(est[i, j])}
                for i, t in enumerate(territories) for j, y in enumerate(years)]
    conventions = [{"basin": b["id"], "number": n, "starts_on": dt.date(start, 1, 1),
                    "ends_on": dt.date(start + CONVENTION_YEARS - 1, 12, 31)}
                   for b in basins for n, start in enumerate(range(FIRST_YEAR, LAST_YEAR + 1, CONVENTION_YEARS), 1)]
    committees_df = pd.DataFrame({"id": c_id, "basin": np.array([b["id"] for b in basins], dtype=object)[c_basin],
                                  "held_on": held,
                                  "place": np.array([b["place"] for b in basins], dtype=object)[c_basin]})
    tables = {
        "meta": pd.DataFrame([{"key": "source", "value": "scaled-demo"}, {"key": "seed", "value": str(seed)},
                              {"key": "projects", "value": str(projects)}]),
        "basins": pd.DataFrame(basins)[COLUMNS["basins"]],
        "territories": pd.DataFrame(territories)[COLUMNS["territories"]],
        "establishments": pd.DataFrame(est_rows),
        "conventions": pd.DataFrame(conventions),
        "communes": com[COLUMNS["communes"]].sort_values("insee_code").reset_index(drop=True),
        "partners": part[COLUMNS["partners"]],
        "contributions": contributions_df,
        "committees": committees_df,
        "projects": projects_df,
        "missions": missions_df,
        "followups": followups_df,
        "repayments": repayments_df,
        "instalments": instalments_df,
    }
    return tables


def write_frames(tables: dict, out: Path) -> list[Path]:
    """Write DataFrames as the import CSVs (header, ISO dates, empty = null) through DuckDB's COPY."""
    import duckdb

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    written = []
    try:
        for table, columns in COLUMNS.items():
            df = tables[table][columns]
            dates = _DATE_COLUMNS.get(table, ())
            select = ", ".join(f'CAST("{c}" AS DATE) AS "{c}"' if c in dates else f'"{c}"' for c in columns)
            path = out / f"{table}.csv"
            con.register("_frame", df)
            try:
                con.execute(f"COPY (SELECT {select} FROM _frame) TO ? "
                            "(HEADER, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\n')", [str(path)])
            finally:
                con.unregister("_frame")
            written.append(path)
    finally:
        con.close()
    return written


def write_scaled(out: Path, projects: int, seed: int = SEED) -> list[Path]:
    """The demo's shape at `projects` projects (exactly), for benchmarks; deterministic for (projects, seed)."""
    return write_frames(generate_scaled(int(projects), seed), Path(out))
