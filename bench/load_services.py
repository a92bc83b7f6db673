"""The services `make loadtest` starts and breaks: PostgreSQL, Redis and a mail sink."""

import glob
import os
import pwd
import subprocess
from pathlib import Path

from bench.common import PYTHON, ROOT, free_port, production_env


class Services:
    """PostgreSQL, Redis and the mail sink of this run, each on a spare port."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.pg_port, self.redis_port, self.mail_port = free_port(), free_port(), free_port()
        self.pg_bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]).parent
        self.pg_data = tmp / "pg"
        self.as_pg = []
        self.pg_data.mkdir()
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to postgres
            user = pwd.getpwnam("postgres")
            os.chown(self.pg_data, user.pw_uid, user.pw_gid)
            os.chmod(tmp, 0o755)
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.mail_log = tmp / "mail.log"
        self.mail_log.touch()
        self.redis = self.mail = None

    def pg(self, *args: str, check: bool = True) -> None:
        subprocess.run(
            [*self.as_pg, str(self.pg_bin / args[0]), *args[1:]],
            check=check,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.pg("initdb", "-D", str(self.pg_data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.pg_data} -c max_connections=200"
        )
        self.pg(
            "pg_ctl",
            "-D",
            str(self.pg_data),
            "-o",
            options,
            "-l",
            str(self.pg_data / "server.log"),
            "-w",
            "start",
        )
        subprocess.run(
            [
                "psql",
                "-q",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE cryoinfo",
            ],
            check=True,
        )
        self.start_redis()
        self.start_mail()

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )

    def start_mail(self) -> None:
        self.mail = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "mailsink.py"), str(self.mail_port), str(self.mail_log)]
        )

    def fault(self, what: str) -> None:
        if what == "postgres restart":
            self.pg("pg_ctl", "-D", str(self.pg_data), "-m", "fast", "-w", "restart")
        elif what == "redis stop":
            self.redis.terminate()
            self.redis.wait()
        elif what == "redis start":
            self.start_redis()
        elif what == "mail stop":
            self.mail.terminate()
            self.mail.wait()
        elif what == "mail start":
            self.start_mail()

    def delivered(self) -> int:
        return sum(int(n) for n in self.mail_log.read_text().split())

    def stop(self) -> None:
        for process in (self.redis, self.mail):
            if process and process.poll() is None:
                process.terminate()
                process.wait()
        self.pg("pg_ctl", "-D", str(self.pg_data), "-m", "immediate", "stop", check=False)

    def env(self) -> dict:
        return production_env(
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
            DJANGO_MAIL_RETRY_SCALE="0.1",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/cryoinfo",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.mail_port),
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="5",
            MEDIA_ROOT=str(self.tmp / "media"),
            PRIVATE_MEDIA_ROOT=str(self.tmp / "private-media"),
        )
