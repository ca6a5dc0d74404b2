"""`make load`: the portal under load, as in production, on this machine.

gunicorn (DEBUG off, the production settings less HTTPS) and PostgreSQL on loopback, a throwaway
database `ntm_load` with the reference data, the demo accounts and the demo history; wrk at
LOAD_CONNECTIONS connections (default 50) for LOAD_SECONDS seconds (default 15) on each page, one
after the other in the same run: the login page (anonymous), and logged in as province staff the
dashboard, the certification list and /progress.json. Requests per second, latency percentiles,
errors and each page's throughput as a share of the login page's go to docs/benchmarks.md
(section "load"). Installs wrk with apt-get when it is missing.

Goal (issue #10): at 50 connections the dashboard and the certification list each reach at
least 25% of the login page's throughput, with no error.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from benchmarks_doc import replace_section, today  # noqa: E402

PY = sys.executable  # the interpreter make runs this with, wherever its environment is
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SERVER = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("LOAD_DATABASE", "ntm_load")
PORT = int(os.environ.get("LOAD_PORT", "8103"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "15"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
USERNAME, PASSWORD = "tinh", "kiengiang2025"
BASE = f"http://127.0.0.1:{PORT}"
PAGES = [
    ("Trang đăng nhập (ẩn danh)", "/accounts/login/", False),
    ("Bảng điều khiển", "/dashboard/", True),
    ("Danh sách công nhận", "/certifications/", True),
    ("/progress.json", "/progress.json", True),
]
GOAL_SHARE = 0.25


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Cài wrk (apt-get)…", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def psql(sql):
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-qc", sql], check=True, stdout=subprocess.DEVNULL
    )


def environment(static_root):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{SERVER}/{DATABASE}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        NTM_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("DJANGO_CACHE_URL", None)
    return env


def manage(env, *args):
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_until_up(process):
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit("gunicorn dừng khi khởi động.")
        try:
            urllib.request.urlopen(f"{BASE}/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn không trả lời sau 60 giây.")


def login_cookie():
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/accounts/login/", data=data, headers={"Referer": BASE}
    )
    opener.open(request).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("Không đăng nhập được tài khoản dùng thử.")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def seconds(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(path, cookie, duration=SECONDS):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, BASE + path], capture_output=True, text=True, check=True
    ).stdout
    result = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for share in ("50", "90", "99"):
        match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        result[f"p{share}"] = seconds(*match.groups())
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in socket.groups()) if socket else 0
    )
    return result


def number(value, digits=0):
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def report(results, machine):
    login_rps = results[0][1]["requests_per_second"]
    lines = [
        "## Load (`make load`)",
        "",
        f"Generated by `make load` (scripts/load.py) on {today()}: gunicorn "
        f"({WORKERS} sync workers, DEBUG off) and PostgreSQL on loopback, database with the "
        "reference data, demo accounts and demo history; wrk, 2 threads, "
        f"{CONNECTIONS} connections, {SECONDS} s per page, pages one after the other in one run; "
        f"logged in as `{USERNAME}` (province staff) except the login page. {machine}",
        "",
        "| page | requests/s | p50 ms | p90 ms | p99 ms | requests | errors | share of login page |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (label, result), (_, path, _) in zip(results, PAGES, strict=True):
        share = result["requests_per_second"] / login_rps if login_rps else 0
        lines.append(
            f"| {label} (`{path}`) | {number(result['requests_per_second'], 1)} | "
            f"{number(result['p50'], 1)} | {number(result['p90'], 1)} | "
            f"{number(result['p99'], 1)} | {number(result['requests'])} | {result['errors']} | "
            f"{number(share * 100)}% |"
        )
    lines += ["", "Goals (issue #10, at 50 connections):", ""]
    for label, result in results[1:3]:
        share = result["requests_per_second"] / login_rps if login_rps else 0
        met = share >= GOAL_SHARE and result["errors"] == 0
        lines.append(
            f"- {label}: ≥ 25% of the login page's throughput with no error "
            f"({number(share * 100)}%, {result['errors']} errors): **{'met' if met else 'NOT met'}**"
        )
    total_errors = sum(result["errors"] for _, result in results)
    lines.append(
        f"- no error on any page ({total_errors}): **{'met' if total_errors == 0 else 'NOT met'}**"
    )
    return "\n".join(lines)


def machine_line():
    cpus = os.cpu_count()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = "?"
    return f"Machine: {cpus} CPUs ({model}), wrk on the same machine."


def main():
    ensure_wrk()
    static_root = Path(tempfile.mkdtemp(prefix="ntm-load-static-"))
    env = environment(static_root)
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    server = None
    try:
        print("Chuẩn bị cơ sở dữ liệu ntm_load…", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "load_reference_data")
        manage(env, "load_demo_accounts")
        manage(env, "load_demo_history")
        server = subprocess.Popen(
            [
                GUNICORN,
                "ntm_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_until_up(server)
        cookie = login_cookie()
        results = []
        for label, path, logged_in in PAGES:
            run_wrk(path, cookie if logged_in else None, 3)  # warm-up, not measured
            print(f"Đo {label} ({path})…", flush=True)
            results.append((label, run_wrk(path, cookie if logged_in else None)))
        markdown = report(results, machine_line())
        replace_section("load", markdown)
        print(markdown)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
