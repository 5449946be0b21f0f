"""Parts of the page «Báo cáo buổi tối» (views/evening_report.py)."""
