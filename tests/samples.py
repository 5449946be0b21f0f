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
