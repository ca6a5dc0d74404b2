"""Screenshots of the portal as each role sees it, for looking at what we build.

Usage: .venv/bin/python scripts/screenshots.py BASE_URL OUTPUT_DIR [PATH …]
Logs in with the demo accounts (make run creates them) and saves full-page PNGs.
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "kiengiang2025"
DEFAULT_PAGES = {
    "lanhdao": ["/dashboard/", "/districts/910/progress/", "/units/31060/", "/plans/", "/roles/"],
    "tinh": [
        "/",
        "/certifications/",
        "/certifications/new/",
        "/statuses/",
        "/appraisals/",
        "/imports/certifications/",
    ],
    "huyen.vinhthuan": ["/", "/units/910/", "/units/31060/"],
}


def main():
    base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    only = sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for username, paths in DEFAULT_PAGES.items():
            for width, label in [(1366, "wide"), (390, "phone")]:
                context = browser.new_context(
                    locale="vi-VN",
                    viewport={"width": width, "height": 900},
                    is_mobile=width < 576,
                )
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                for path in only or paths:
                    response = page.goto(base + path)
                    name = f"{username}{path.replace('/', '_')}{label}.png"
                    page.screenshot(path=str(out / name), full_page=True)
                    # A page wider than the window makes people pan sideways: say so.
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    note = f" (rộng {wide}px > {width}px)" if wide > width else ""
                    print(response.status, name + note)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
