"""`manage.py dev` (what `make run` runs): Beat on one machine, web and worker together.

Applies migrations, installs the schedules, creates a first admin user when there is no superuser
(its random password is printed this once), then runs `runserver`, `qcluster` and `beat_maintenance`
as child processes. Without DJANGO_SECRET_KEY / BEAT_CREDENTIALS_KEYS in the environment it generates
random ones once and keeps them in BEAT_VAR_DIR (mode 0600), so the embedded default never runs on
public keys. Ctrl-C or SIGTERM stops them all; when one dies the others are stopped too, so nothing is
left behind, except a worker cluster that ended itself as wedged (exit code 75): that one is started
again, as a process manager would in production.
"""
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from beat.queue import schedules
from beat.queue.supervisor import WEDGED_EXIT_CODE

STOP_GRACE_SECONDS = 30  # qcluster stops within BEAT_SHUTDOWN_GRACE (20 s); past this everything left is killed
KEPT_SECRETS = {"DJANGO_SECRET_KEY": "secret_key", "BEAT_CREDENTIALS_KEYS": "credentials_key"}


def kept_secrets(var_dir: Path) -> dict[str, str]:
    """The environment's keys, else the ones kept in var_dir (generated the first time; settings
    read them from there for every other command on the embedded default)."""
    from cryptography.fernet import Fernet

    make = {"DJANGO_SECRET_KEY": lambda: secrets.token_urlsafe(50),
            "BEAT_CREDENTIALS_KEYS": lambda: Fernet.generate_key().decode()}
    found = {}
    for variable, filename in KEPT_SECRETS.items():
        if os.environ.get(variable, "").strip():
            found[variable] = os.environ[variable]
            continue
        path = Path(var_dir) / filename
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
            with os.fdopen(fd, "w") as out:
                out.write(make[variable]() + "\n")
        found[variable] = path.read_text().strip()
    return found


def use_kept_secrets(var_dir: Path) -> None:
    """This process and its children (web, worker) use the kept keys."""
    found = kept_secrets(var_dir)
    os.environ.update(found)
    settings.SECRET_KEY = found["DJANGO_SECRET_KEY"]
    settings.BEAT_SECRET_KEY_GIVEN = True
    settings.BEAT_CREDENTIALS_KEYS = [k.strip() for k in found["BEAT_CREDENTIALS_KEYS"].split(",") if k.strip()]


def ensure_first_admin() -> tuple[str, str] | None:
    """Create a superuser with a random password if there is none; (username, password) or None."""
    users = get_user_model().objects
    if users.filter(is_superuser=True).exists():
        return None
    username = "admin"
    if users.filter(username=username).exists():
        username = f"admin-{secrets.token_hex(2)}"
    password = secrets.token_urlsafe(12)
    users.create_superuser(username=username, email="", password=password)
    return username, password


def _die_with_parent():
    """Children get SIGTERM if this process is killed outright (Linux), instead of running on."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Command(BaseCommand):
    help = "Run Beat for development: migrations, schedules, a first admin user, then web and a worker."
    requires_system_checks = []  # run once the kept keys are in place (handle)

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Web port on 127.0.0.1 (default 8000).")

    def handle(self, *args, port, **options):
        use_kept_secrets(settings.VAR_DIR)
        self.check(display_num_errors=False)
        call_command("migrate", interactive=False, verbosity=0)
        schedules.install()
        self.stdout.write(f"Database ready: {settings.DATABASES['default']['NAME']} (migrations applied).")
        self.greet(f"http://127.0.0.1:{port}/admin/", ensure_first_admin())
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start without it
        connections.close_all()  # the children open their own
        manage = str(settings.BASE_DIR / "manage.py")
        code = self.supervise({
            # --insecure: serve the admin's static files without DEBUG or collectstatic
            "web": [sys.executable, manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure",
                    "--skip-checks"],
            "worker": [sys.executable, manage, "qcluster"],
            "maintenance": [sys.executable, manage, "beat_maintenance"],
        })
        if code:
            sys.exit(code)

    def greet(self, url: str, created: tuple[str, str] | None) -> None:
        if created:
            username, password = created
            self.stdout.write(self.style.SUCCESS(
                f"First admin user created. Log in at {url} as {username!r} with password: {password}\n"
                f"(shown only this once; change it in the admin or with `manage.py changepassword {username}`)"))
        else:
            self.stdout.write(f"Admin: {url} (log in as a superuser; `manage.py changepassword <user>` resets "
                              "a password, `manage.py createsuperuser` makes another)")
        self.stdout.write("Web, worker and maintenance starting; Ctrl-C stops them all.", ending="\n")
        self.stdout.flush()

    def supervise(self, commands: dict[str, list[str]]) -> int:
        stop_signal = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda received, _frame: stop_signal.append(received))
        # Own sessions: a terminal's Ctrl-C reaches only this process, which stops the children in order.
        children = {name: self.start_child(cmd) for name, cmd in commands.items()}
        while not stop_signal:
            for name, child in children.items():
                if child.poll() == WEDGED_EXIT_CODE:  # a wedged cluster ended itself: start it again
                    self.stderr.write(f"{name} exited with code {WEDGED_EXIT_CODE} (wedged); starting it again.")
                    children[name] = self.start_child(commands[name])
            if any(child.poll() is not None for child in children.values()):
                break
            time.sleep(0.2)
        dead = {name: child.returncode for name, child in children.items() if child.returncode is not None}
        for name, code in dead.items():
            self.stderr.write(f"{name} exited with code {code}; stopping the rest.")
        self.stop(children)
        return 0 if stop_signal and not dead else (next(iter(dead.values()), 1) or 1)

    @staticmethod
    def start_child(cmd: list[str]) -> subprocess.Popen:
        # Own sessions: a terminal's Ctrl-C reaches only this process, which stops the children in order.
        return subprocess.Popen(cmd, start_new_session=True, preexec_fn=_die_with_parent)

    def stop(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)  # qcluster stops its workers itself, after their task
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for child in children.values():
            try:
                os.killpg(child.pid, signal.SIGKILL)  # whatever is left in its session: stragglers
            except (ProcessLookupError, PermissionError):
                pass
            child.wait()
