from targets.management.commands.import_certifications import Command as ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập kết quả tiêu chí của xã từ tệp .xlsx hoặc .csv theo mẫu: in kết quả từng dòng; "
        "có lỗi thì không ghi gì và trả mã lỗi."
    )
    kind = "statuses"
