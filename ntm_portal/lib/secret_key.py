"""The production start refuses a secret key that is an example value, too short or too uniform.

Length alone is not enough: "a" * 60 or "abc" * 20 pass a length check and can be guessed at
once. A key from `secrets.token_urlsafe(50)` or Django's `get_random_secret_key()` has about 40
distinct characters in its first 50, so asking for MIN_DISTINCT (20) refuses padded and repeated
keys and never a generated one (Django's own `check --deploy` asks for 5 distinct of 50).
"""

# Values that appear in documentation and examples: anyone can read them.
EXAMPLE_KEYS = {"change-me", "changeme", "secret", "django-insecure", "your-secret-key"}
MIN_LENGTH = 50
MIN_DISTINCT = 20


def secret_key_problem(key):
    """Why `key` must not be used in production (a Vietnamese sentence), or None when it may."""
    if not key:
        return "Thiếu DJANGO_SECRET_KEY."
    if key.strip().lower() in EXAMPLE_KEYS or key.startswith("django-insecure"):
        return "DJANGO_SECRET_KEY đang là giá trị mẫu; hãy tạo khóa riêng (xem docs/deploy.md)."
    if len(key) < MIN_LENGTH:
        return f"DJANGO_SECRET_KEY quá ngắn ({len(key)} ký tự); cần ít nhất {MIN_LENGTH} ký tự ngẫu nhiên."
    distinct = len(set(key))
    if distinct < MIN_DISTINCT:
        return (
            f"DJANGO_SECRET_KEY quá đơn điệu: chỉ có {distinct} ký tự khác nhau; cần ít nhất "
            f"{MIN_DISTINCT} ký tự khác nhau (hãy tạo khóa ngẫu nhiên, xem docs/deploy.md)."
        )
    return None


if __name__ == "__main__":
    import os
    import sys

    problem = secret_key_problem(os.environ.get("DJANGO_SECRET_KEY", ""))
    if problem:
        print(f"Không khởi động: {problem}", file=sys.stderr)
        sys.exit(1)
