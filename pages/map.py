"""Trang «Bản đồ»: ranh giới xã, phường, thị trấn của tỉnh Hà Nam."""

import streamlit as st
from streamlit_folium import st_folium

from geo.maps import build_commune_map
from geo.registry import VERSIONS
from ui.state import get_boundaries, get_commune_payload, get_settings, get_versions

st.title("Bản đồ xã, phường, thị trấn")

settings = get_settings()
versions = get_versions()
version = st.selectbox(
    "Phiên bản ranh giới",
    versions,
    format_func=lambda v: VERSIONS[v].label,
    key="boundary_version",
)
boundaries = get_boundaries(version)

if boundaries.approximate:
    st.warning(
        "**Ranh giới gần đúng.** Không tìm thấy tệp ranh giới, nên bản đồ vẽ các ô Voronoi quanh "
        "trung tâm của 98 xã, phường, thị trấn (danh mục 01/2025 của gói `vietnamadminunits`). "
        "Chỉ dùng để tham khảo vị trí, không dùng để đo diện tích. Để nạp ranh giới thật, đặt biến "
        "môi trường `VNEID_DATA_DIR` trỏ tới thư mục dữ liệu (xem README) rồi khởi động lại.",
        icon="⚠️",
    )
for issue in boundaries.issues:
    st.info(issue.message)

n = len(boundaries.gdf)
st.caption(f"Đang hiển thị {n} đơn vị hành chính cấp xã · {VERSIONS[version].description}")

fmap = build_commune_map(
    boundaries.gdf,
    payload=get_commune_payload(version),
    tile_url=settings.tile_url,
    attribution=settings.tile_attribution,
)
st_folium(fmap, key=f"map-{version}", height=620, use_container_width=True, returned_objects=[])
