"""The production start refuses a secret key that is an example value or too short."""

# Values that appear in documentation and examples: anyone can read them.
EXAMPLE_KEYS = {"change-me", "changeme", "secret", "django-insecure", "your-secret-key"}
MIN_LENGTH = 50


def secret_key_problem(key):
    """Why `key` must not be used in production (a Vietnamese sentence), or None when it may."""
    if not key:
        return "Thiếu DJANGO_SECRET_KEY."
    if key.strip().lower() in EXAMPLE_KEYS or key.startswith("django-insecure"):
        return "DJANGO_SECRET_KEY đang là giá trị mẫu; hãy tạo khóa riêng (xem docs/deploy.md)."
    if len(key) < MIN_LENGTH or len(set(key)) < 5:
        return f"DJANGO_SECRET_KEY quá ngắn ({len(key)} ký tự); cần ít nhất {MIN_LENGTH} ký tự ngẫu nhiên."
    return None


if __name__ == "__main__":
    import os
    import sys

    problem = secret_key_problem(os.environ.get("DJANGO_SECRET_KEY", ""))
    if problem:
        print(f"Không khởi động: {problem}", file=sys.stderr)
        sys.exit(1)
