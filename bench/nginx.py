"""
deploy/nginx.conf run as it is, with only its addresses and folders changed, in the
foreground: for tests/test_nginx.py and `make loadtest`.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from bench.common import ROOT, free_port

CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")


class Nginx:
    def __init__(self, tmp: Path, upstream: str, static_root: Path):
        self.port = free_port()
        site = (
            CONF.read_text()
            .replace("server 127.0.0.1:8000;", f"server {upstream};")
            .replace("listen 80;", f"listen 127.0.0.1:{self.port};")
            .replace("/srv/cryoinfo/staticfiles/", f"{static_root}/")
            .replace("/srv/cryoinfo/media/", f"{tmp}/media/")
        )
        self.log = tmp / "access.log"
        temp = "\n".join(
            f"{kind}_temp_path {tmp}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (tmp / "nginx.conf").write_text(
            f"""
            {"user root;" if os.geteuid() == 0 else ""}
            daemon off;
            worker_processes 1;
            pid {tmp}/nginx.pid;
            error_log {tmp}/error.log warn;
            events {{ worker_connections 1024; }}
            http {{
                include /etc/nginx/mime.types;
                log_format upstream '$status $request_uri upstream=$upstream_addr';
                access_log {self.log} upstream;
                {temp}
                {site}
            }}
            """
        )
        self.process = subprocess.Popen(
            [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.process.kill()
        raise RuntimeError(self.process.communicate()[0].decode())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
