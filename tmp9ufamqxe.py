
import streamlit as st, datetime as dt
from geo.config import Settings
from geo.coverage import Filters
from ui.state import get_metrics
m = get_metrics("2020-2024", Filters(end=dt.date(2023,5,31)))
st.write(int(m["eligible"].sum()), int(m["activated"].sum()), int(m["has_data"].sum()))
m2 = get_metrics("2025-07", Filters(end=dt.date(2023,5,31)))
st.write(len(m2), int(m2["eligible"].sum()), int(m2["activated"].sum()))
m3 = get_metrics("2020-2024", Filters(end=dt.date(2023,3,14)))
st.write(int(m3["activated"].sum()), int(m3["team_activations"].sum()))
