"""`make load`: the portal under load, as in production, on this machine.

gunicorn (DEBUG off, the production settings less HTTPS) and PostgreSQL on loopback, on a
throwaway database of its own: a new name each run (`ntm_load_<time>_<random>`, or LOAD_DATABASE,
which must not exist yet), created here and dropped at the end only when this run created it: a
database it did not create is never touched. gunicorn listens on a port the system reports free
(or LOAD_PORT). The database holds the reference data and the demo accounts, history, movement
and awards; printed documents go to a temporary folder of their own.

wrk at LOAD_CONNECTIONS connections (default 50) for LOAD_SECONDS seconds (default 15) on each
page, one after the other in the same run: the login page (anonymous), and logged in as province
staff the dashboard, the certification list, an emulation ranking, a registration completeness
page, the nominations list, the nominee list, the decision list and a council session's dossier
(PDF) once cached. Requests per second, latency percentiles, errors and each page's throughput as
a share of the login page's go to docs/benchmarks.md (section "load"), with the machine's load.

Goals (issue #22): every page at least 25 % of the login page's throughput, no error anywhere,
and the cached dossier's p99 under 2 s. Installs wrk with apt-get when it is missing.

Then a hanging Redis (point 7 of the issue): the portal is started twice more with a shared cache,
once on the local Redis (LOAD_REDIS) and once on a socket that accepts connections and never
answers, and a page of each app is measured on both (LOAD_REDIS_SECONDS each, default 10): the
goal is a slowdown of 20 % or less.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
from benchmarks_doc import replace_section, today  # noqa: E402

PY = sys.executable  # the interpreter make runs this with, wherever its environment is
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SERVER = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "15"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
# As scripts/serve-production.sh starts gunicorn: threaded workers (gthread).
THREADS = int(os.environ.get("LOAD_THREADS", "4"))
USERNAME, PASSWORD = "tinh", "kiengiang2025"
GOAL_SHARE = 0.25
REDIS_URL = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/15")
REDIS_SECONDS = int(os.environ.get("LOAD_REDIS_SECONDS", "10"))
WARM_SECONDS = 3
GOAL_REDIS_SLOWDOWN = 0.20
GOAL_DOSSIER_P99_MS = 2000
DOSSIER = "Hồ sơ khen thưởng của phiên họp (PDF, đã lưu sẵn)"
DEMO_COMMANDS = (
    "load_reference_data",
    "load_demo_accounts",
    "load_demo_history",
    "load_demo_movement",
    "load_demo_awards",
)
# The records the pages are about: the phase with the most reviews (its ranking), the phase
# with the most registrations (its completeness), the council session with the most votes.
FIND_RECORDS = """
import json
from django.db.models import Count
from awards.models import CouncilSession
from emulation.models import Phase
ranked = Phase.objects.annotate(n=Count("reviews")).order_by("-n", "pk").first()
registered = Phase.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
session = CouncilSession.objects.annotate(n=Count("votes")).order_by("-n", "pk").first()
print(json.dumps({
    "ranking_phase": ranked.pk, "completeness_phase": registered.pk,
    "session": session.pk if session else None,
}))
"""


def database_name():
    """A name no earlier run used: the time and a random part."""
    return f"ntm_load_{time.strftime('%Y%m%d%H%M%S')}_{secrets.token_hex(3)}"


def free_port():
    """A TCP port of the loopback interface that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Cài wrk (apt-get)…", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def psql(sql, *, check=True):
    return subprocess.run(
        ["psql", f"{SERVER}/postgres", "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        check=check,
        capture_output=True,
        text=True,
    )


def database_exists(name):
    found = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").stdout.strip()
    return found == "1"


class ThrowawayDatabase:
    """A database this run creates, and drops afterwards only if it did create it."""

    def __init__(self, name):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise SystemExit(f"Tên cơ sở dữ liệu không hợp lệ: {name!r}")
        self.name = name
        self.created = False

    def __enter__(self):
        if database_exists(self.name):
            raise SystemExit(
                f"Cơ sở dữ liệu {self.name} đã có sẵn: make load không dùng và không xóa cơ sở "
                "dữ liệu mà nó không tạo ra. Bỏ LOAD_DATABASE hoặc chọn tên khác."
            )
        result = psql(f"CREATE DATABASE {self.name}", check=False)
        if result.returncode != 0:
            raise SystemExit(f"Không tạo được cơ sở dữ liệu {self.name}: {result.stderr.strip()}")
        self.created = True
        return self

    def __exit__(self, *exc):
        if self.created:
            psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", check=False)
        return False


def environment(database, static_root, pdf_root, fallback_root):
    env = dict(os.environ)
    env.update(
        # The shared cache's keys apart from every other run's on the same Redis database: the
        # data version of a fresh demo database is the same in every run, so a run would
        # otherwise find the last run's figures there and start warm, the hanging-Redis run cold.
        DJANGO_CACHE_KEY_PREFIX=database,
        # The file cache the workers share while Redis fails (ntm_portal/lib/cache.py).
        NTM_CACHE_FALLBACK_DIR=str(fallback_root),
        DATABASE_URL=f"{SERVER}/{database}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        NTM_STATIC_ROOT=str(static_root),
        NTM_PDF_CACHE_DIR=str(pdf_root),
        # The dossier's first render is not what is measured: on a busy machine it may take
        # longer than the production budget (20 s), so it gets gunicorn's timeout less a margin.
        NTM_PDF_SECONDS="50",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("DJANGO_CACHE_URL", None)
    return env


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout


class HangingRedis:
    """A TCP server on a free loopback port that accepts every connection and never answers."""

    def __init__(self):
        import threading

        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(100)
        self.listener.settimeout(0.2)
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"
        self.held, self.running = [], True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        for connection in self.held:
            connection.close()
        self.listener.close()


def start_gunicorn(env, port):
    return subprocess.Popen(
        [
            GUNICORN,
            "ntm_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def redis_pages(listed):
    """The login page and one page of each app: the pages the hanging Redis is measured on."""
    wanted = ("/accounts/login/", "/dashboard/", "/ranking/", "/awards/")
    return [page for page in listed if any(page[1].endswith(end) for end in wanted)]


class Portal:
    """gunicorn on a free port with `cache_url` as its shared cache, logged in once."""

    def __init__(self, env, cache_url):
        self.cache_url = cache_url
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.server = start_gunicorn({**env, "DJANGO_CACHE_URL": cache_url}, port)

    def start(self):
        wait_until_up(self.server, self.base)
        self.cookie = login_cookie(self.base)

    def warm(self, path, logged_in):
        run_wrk(self.base, path, self.cookie if logged_in else None, WARM_SECONDS)

    def measure(self, label, path, logged_in):
        print(f"Đo {label} ({path}), bộ nhớ đệm {self.cache_url}…", flush=True)
        return run_wrk(self.base, path, self.cookie if logged_in else None, REDIS_SECONDS)

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=30)


def combined(runs):
    """One figure of a page on one portal from its runs: throughput the mean, p99 the worst,
    requests and errors the sum."""
    return {
        "requests_per_second": sum(run["requests_per_second"] for run in runs) / len(runs),
        "p99": max(run["p99"] for run in runs),
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def measure_hanging_redis(env, listed):
    """(pages, results on the local Redis, results on a hanging one). Both portals run side by
    side. Each page is first warmed up on both (its first requests compute what the portal then
    caches, and warm the database server's buffers, which both portals share), then measured
    four times, A B B A: each portal once right after the other and once right before it, so
    that neither the machine's drift nor what the other portal's run left warm favours one of
    them. Measured once each in a fixed order, the portal measured first on a page came out up
    to 49 % slower, on either cache (issue #22)."""
    chosen = redis_pages(listed)
    hanging = HangingRedis()
    portals = [Portal(env, REDIS_URL), Portal(env, hanging.url)]
    try:
        for portal in portals:
            portal.start()
        working, stuck = [], []
        for label, path, logged_in in chosen:
            for portal in portals:
                portal.warm(path, logged_in)
            runs = {id(portal): [] for portal in portals}
            for portal in (*portals, *portals[::-1]):
                runs[id(portal)].append(portal.measure(label, path, logged_in))
            working.append(combined(runs[id(portals[0])]))
            stuck.append(combined(runs[id(portals[1])]))
    finally:
        for portal in portals:
            portal.stop()
        hanging.close()
    return chosen, working, stuck


def redis_report(chosen, working, stuck):
    """The hanging-Redis table and its goal, as markdown lines."""
    lines = [
        "",
        f"With a shared cache (Redis), and with a Redis that accepts connections and never "
        f"answers (a socket of this script): two portals started anew side by side; each page "
        f"warmed up on both ({WARM_SECONDS} s each), then measured four times in the order "
        f"Redis, hanging, hanging, Redis, {CONNECTIONS} connections, {REDIS_SECONDS} s a run: "
        f"requests/s the mean of a portal's two runs, p99 the worse of them.",
        "",
        "| page | requests/s, Redis | requests/s, hanging Redis | slowdown | p99 ms, Redis | "
        "p99 ms, hanging Redis | errors (hanging) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    worst = 0.0
    for (label, path, _), ok, bad in zip(chosen, working, stuck, strict=True):
        rps = ok["requests_per_second"]
        slowdown = 1 - bad["requests_per_second"] / rps if rps else 1.0
        worst = max(worst, slowdown)
        lines.append(
            f"| {label} (`{path}`) | {number(rps, 1)} | {number(bad['requests_per_second'], 1)} "
            f"| {number(slowdown * 100)}% | {number(ok['p99'], 1)} | {number(bad['p99'], 1)} "
            f"| {bad['errors']} |"
        )
    met = worst <= GOAL_REDIS_SLOWDOWN and not any(bad["errors"] for bad in stuck)
    lines += [
        "",
        f"- a hanging Redis slows no page by more than 20 % and causes no error (worst "
        f"{number(worst * 100)}%): **{'met' if met else 'NOT met'}**",
    ]
    return lines


def wait_until_up(process, base):
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit("gunicorn dừng khi khởi động.")
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn không trả lời sau 60 giây.")


def login_cookie(base):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": base}
    )
    opener.open(request).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("Không đăng nhập được tài khoản dùng thử.")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch_once(base, path, cookie):
    """Status, content type, seconds and size in bytes of one request, redirects not followed:
    a page that sends the load test to the login page would measure the wrong thing."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with opener.open(request, timeout=120) as response:
            size = len(response.read())
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                (time.monotonic() - started),
                size,
            )
    except urllib.error.HTTPError as error:
        took = time.monotonic() - started
        return error.code, error.headers.get("Content-Type", ""), took, 0


def milliseconds(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    result = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for share in ("50", "90", "99"):
        match = re.search(rf"^\s+{share}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        result[f"p{share}"] = milliseconds(*match.groups())
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return result


def run_wrk(base, path, cookie, duration=SECONDS):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, base + path], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def number(value, digits=0):
    from ntm_portal.lib.numbers import decimal

    return decimal(value, digits, grouped=True)


def pages(records):
    listed = [
        ("Trang đăng nhập (ẩn danh)", "/accounts/login/", False),
        ("Bảng điều khiển", "/dashboard/", True),
        ("Danh sách công nhận", "/certifications/", True),
        ("Xếp hạng thi đua", f"/emulation/phases/{records['ranking_phase']}/ranking/", True),
        (
            "Mức đầy đủ đăng ký thi đua",
            f"/emulation/phases/{records['completeness_phase']}/completeness/",
            True,
        ),
        ("Danh sách đề nghị khen thưởng", "/awards/", True),
        ("Danh sách đối tượng khen thưởng", "/awards/nominees/", True),
        ("Danh sách quyết định khen thưởng", "/awards/decisions/", True),
    ]
    if records.get("session"):
        listed.append((DOSSIER, f"/awards/sessions/{records['session']}/dossier.pdf", True))
    return listed


def reference_rps(results, login_again=None):
    """The login page's throughput the shares are of: the mean of its measure before the other
    pages and, when given, its measure after the last one (the load of a shared machine drifts
    over the minutes of a run; one measure at the start favoured or penalised every later page)."""
    first = results[0]["requests_per_second"]
    if login_again is None:
        return first
    return (first + login_again["requests_per_second"]) / 2


def goals(results, listed, login_again=None):
    """(text, met) for each goal of issue #22."""
    login_rps = reference_rps(results, login_again)
    lines = []
    for (label, _path, _), result in zip(listed[1:], results[1:], strict=True):
        share = result["requests_per_second"] / login_rps if login_rps else 0
        lines.append(
            (
                f"{label}: ≥ 25% of the login page's throughput ({number(share * 100)}%)",
                share >= GOAL_SHARE,
            )
        )
    total_errors = sum(result["errors"] for result in results) + (
        login_again["errors"] if login_again else 0
    )
    lines.append((f"no error on any page ({total_errors})", total_errors == 0))
    for (label, _path, _), result in zip(listed, results, strict=True):
        if label == DOSSIER:
            lines.append(
                (
                    f"cached dossier p99 < 2 s at {CONNECTIONS} connections "
                    f"({number(result['p99'])} ms)",
                    result["p99"] < GOAL_DOSSIER_P99_MS,
                )
            )
    if not any(label == DOSSIER for label, _, _ in listed):
        lines.append(("cached dossier measured (the demo has no council session)", False))
    return lines


def report(results, listed, *, machine, first_dossier_seconds, sizes=None, login_again=None):
    login_rps = reference_rps(results, login_again)
    lines = [
        "## Load (`make load`)",
        "",
        f"Generated by `make load` (scripts/load.py) on {today()}: gunicorn "
        f"({WORKERS} workers of {THREADS} threads, gthread, as scripts/serve-production.sh "
        "starts it; DEBUG off) and PostgreSQL on loopback, on a throwaway database "
        "of its own (unique name, dropped afterwards) with the reference data and the demo "
        "accounts, history, movement and awards; wrk, 2 threads, "
        f"{CONNECTIONS} connections, {SECONDS} s per page after a 3 s warm-up, pages one after "
        f"the other in one run; logged in as `{USERNAME}` (province staff) except the login page. "
        f"{machine}",
        "",
        "| page | requests/s | p50 ms | p90 ms | p99 ms | requests | errors | share of login page "
        "| response kB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    sizes = sizes or {}
    for (label, path, _), result in zip(listed, results, strict=True):
        share = result["requests_per_second"] / login_rps if login_rps else 0
        size = number(sizes[path] / 1024, 1) if path in sizes else "?"
        lines.append(
            f"| {label} (`{path}`) | {number(result['requests_per_second'], 1)} | "
            f"{number(result['p50'], 1)} | {number(result['p90'], 1)} | "
            f"{number(result['p99'], 1)} | {number(result['requests'])} | {result['errors']} | "
            f"{number(share * 100)}% | {size} |"
        )
    if login_again is not None:
        label, path, _ = listed[0]
        lines.append(
            f"| {label}, again after the last page (`{path}`) | "
            f"{number(login_again['requests_per_second'], 1)} | {number(login_again['p50'], 1)} | "
            f"{number(login_again['p90'], 1)} | {number(login_again['p99'], 1)} | "
            f"{number(login_again['requests'])} | {login_again['errors']} | "
            f"{number(login_again['requests_per_second'] / login_rps * 100)}% | "
            f"{number(sizes[path] / 1024, 1) if path in sizes else '?'} |"
        )
        lines += [
            "",
            "The login page is measured first and again after the last page; each share is of "
            f"the mean of both ({number(login_rps, 1)} requests/s).",
        ]
    if first_dossier_seconds is not None:
        lines += [
            "",
            f"The dossier's first request (rendered, then cached on the data version) took "
            f"{number(first_dossier_seconds, 2)} s; the row above is every later one.",
        ]
    lines += ["", f"Goals (issue #22, at {CONNECTIONS} connections):", ""]
    lines += [
        f"- {text}: **{'met' if met else 'NOT met'}**"
        for text, met in goals(results, listed, login_again)
    ]
    return "\n".join(lines)


def machine_line(load_before, load_after):
    cpus = os.cpu_count()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = "?"

    def shown(loads):
        return " / ".join(number(value, 2) for value in loads)

    line = (
        f"Machine: {cpus} CPUs ({model}), wrk on the same machine; load average (1, 5, 15 min) "
        f"{shown(load_before)} before the run and {shown(load_after)} after it."
    )
    if max(load_before[0], load_after[0]) > (cpus or 1):
        line += (
            " The machine was busy with other work (load above its CPU count): every latency is "
            "inflated by it; the shares compare pages measured under the same conditions."
        )
    return line


def main():
    ensure_wrk()
    port = int(os.environ.get("LOAD_PORT") or free_port())
    base = f"http://127.0.0.1:{port}"
    name = os.environ.get("LOAD_DATABASE") or database_name()
    static_root = Path(tempfile.mkdtemp(prefix="ntm-load-static-"))
    pdf_root = Path(tempfile.mkdtemp(prefix="ntm-load-pdf-"))
    fallback_root = Path(tempfile.mkdtemp(prefix="ntm-load-cache-fallback-"))
    env = environment(name, static_root, pdf_root, fallback_root)
    server = None
    try:
        with ThrowawayDatabase(name):
            try:
                print(f"Chuẩn bị cơ sở dữ liệu {name}…", flush=True)
                manage(env, "migrate", "--no-input", "-v0")
                manage(env, "collectstatic", "--no-input", "-v0")
                for command in DEMO_COMMANDS:
                    manage(env, command)
                # The last line: `shell` may first say what it imported.
                found = manage(env, "shell", "-c", FIND_RECORDS, capture=True)
                records = json.loads(found.strip().splitlines()[-1])
                listed = pages(records)
                server = start_gunicorn(env, port)
                wait_until_up(server, base)
                cookie = login_cookie(base)
                first_dossier, sizes = None, {}
                for label, path, logged_in in listed:
                    status, content_type, took, sizes[path] = fetch_once(
                        base, path, cookie if logged_in else None
                    )
                    if status != 200:
                        raise SystemExit(f"{label} ({path}) trả lời {status}, không phải 200.")
                    if label == DOSSIER:
                        first_dossier = took
                        if not content_type.startswith("application/pdf"):
                            raise SystemExit(f"{path} không trả về PDF ({content_type}).")
                load_before = os.getloadavg()
                results = []
                for label, path, logged_in in listed:
                    run_wrk(base, path, cookie if logged_in else None, 3)  # warm-up
                    print(f"Đo {label} ({path})…", flush=True)
                    results.append(run_wrk(base, path, cookie if logged_in else None))
                label, path, _ = listed[0]
                run_wrk(base, path, None, 3)  # warm-up
                print(f"Đo lại {label} ({path})…", flush=True)
                login_again = run_wrk(base, path, None)
                load_after = os.getloadavg()
                server.terminate()
                server.wait(timeout=30)
                server = None
                try:
                    redis_lines = redis_report(*measure_hanging_redis(env, listed))
                except (Exception, SystemExit) as error:  # noqa: BLE001 - the main table stands
                    redis_lines = ["", f"- hanging Redis: **not measured** ({error})"]
                load_end = os.getloadavg()
            finally:
                if server is not None:
                    server.terminate()
                    server.wait(timeout=30)
        markdown = report(
            results,
            listed,
            machine=machine_line(load_before, load_after),
            first_dossier_seconds=first_dossier,
            sizes=sizes,
            login_again=login_again,
        )
        markdown += "\n" + "\n".join(redis_lines)
        markdown += (
            "\n\nLoad average (1, 5, 15 min) at the end, after the hanging-Redis runs: "
            + " / ".join(number(value, 2) for value in load_end)
            + "."
        )
        replace_section("load", markdown)
        print(markdown)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(pdf_root, ignore_errors=True)
        shutil.rmtree(fallback_root, ignore_errors=True)


if __name__ == "__main__":
    main()
