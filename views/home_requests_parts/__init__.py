"""Parts of the page «Yêu cầu hỗ trợ tại nhà» (views/home_requests.py)."""
