"""Small sample files shared by several test modules (bytes exactly as a user would upload them)."""

#: Three visits with Vietnamese headers; row 3 (the second visit) is rejected because it
#: activates more accounts (9) than it registered (5). The two good rows activate 10 and 25.
VISITS_CSV_ONE_BAD_ROW = (
    "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    "Số tài khoản đăng ký,Số tài khoản kích hoạt\n"
    "13/02/2023,Tổ 1,13291,hộ gia đình,18:00,20:30,12,10\n"
    "14/02/2023,Tổ 2,13540,hộ gia đình,16:00,18:00,5,9\n"  # activated > registered
    "15/02/2023,Tổ 2,13540,trường học,08:00,11:00,30,25\n"
).encode()


def two_visit_plan(dates=("2023-06-01", "2023-06-01"), expected=None):
    """A schedule of two evenings: Tổ 1 (DEMO) in Lê Hồng Phong (13291, urban window) and
    Tổ 2 (DEMO) in An Nội (13540, rural window), on ``dates``; ``expected`` activations if
    given."""
    import pandas as pd

    plan = pd.DataFrame(
        {
            "date": pd.to_datetime(list(dates)),
            "team": ["Tổ 1 (DEMO)", "Tổ 2 (DEMO)"],
            "code": ["13291", "13540"],
            "window_start": ["18:00", "16:00"],
            "window_end": ["21:30", "19:30"],
        }
    )
    if expected is not None:
        plan["expected_activations"] = list(expected)
    return plan
