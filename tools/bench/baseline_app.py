"""The plain alternative a user could write in an afternoon: the demo CSVs read with pandas, the
overview's six figures, its funnel and its three yearly charts (the overview's four charts), a basin
filter and a year picker. The feel benchmark (tools/bench/feel.py) times it beside the dashboard;
it is not part of the product."""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

DATA = Path(__file__).resolve().parents[2] / "data"


@st.cache_data
def load():
    committees = pd.read_csv(DATA / "committees.csv", parse_dates=["held_on"])
    projects = pd.read_csv(DATA / "projects.csv")
    basins = pd.read_csv(DATA / "basins.csv")
    missions = pd.read_csv(DATA / "missions.csv")
    committees = committees.merge(basins[["id", "name"]].rename(columns={"id": "basin", "name": "basin_name"}), on="basin")
    p = projects.merge(committees[["id", "held_on", "basin_name"]].rename(columns={"id": "committee"}), on="committee")
    days = missions.groupby("project")["days"].sum()
    p["days"] = p["id"].map(days).fillna(0)
    p["year"] = p["held_on"].dt.year
    committees["year"] = committees["held_on"].dt.year
    return committees, p, sorted(basins["name"])


committees, projects, basins = load()
chosen = st.sidebar.multiselect("Bassins", basins, key="basin")
year = st.sidebar.selectbox("Année", list(range(2020, 2005, -1)), index=10, key="year")
c = committees[committees["basin_name"].isin(chosen)] if chosen else committees
p = projects[projects["basin_name"].isin(chosen)] if chosen else projects
st.title("Vue d'ensemble (référence)")
now_c, now_p = c[c["year"] == year], p[p["year"] == year]
kept = now_p[now_p["decision"] == "retained"]
cols = st.columns(3)
for col, (name, value) in zip(cols * 2, [("Comités", len(now_c)), ("Projets étudiés", len(now_p)),
                                           ("Projets retenus", len(kept)), ("Jours", kept["days"].sum()),
                                           ("Aide", kept["aid_eur"].sum()), ("Emplois engagés", kept["jobs_committed"].sum())]):
    col.metric(name, f"{value:,.0f}".replace(",", " "))
st.plotly_chart(px.funnel(x=[len(now_p), len(kept), kept["jobs_committed"].sum()],
                          y=["Projets étudiés", "Projets retenus", "Emplois engagés"]), key="c0")
per_year = p.groupby("year").agg(studied=("id", "size"), aid=("aid_eur", "sum"), jobs=("jobs_committed", "sum")).reset_index()
retained = p[p["decision"] == "retained"].groupby("year").size().rename("retained").reset_index()
per_year = per_year.merge(retained, on="year", how="left")
st.plotly_chart(px.bar(per_year, x="year", y=["studied", "retained"], barmode="group"), key="c1")
left, right = st.columns(2)
left.plotly_chart(px.bar(per_year, x="year", y="aid"), key="c2")
right.plotly_chart(px.bar(per_year, x="year", y="jobs"), key="c3")
