"""Helpers for tests that drive a real server or tool: find it (skip locally, fail in CI), free ports, start, stop by PID."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


def require_tool(name: str, install: str) -> str:
    """Path of the program `name` (the venv's bin first); skip the test if it is missing, fail under CI."""
    beside = Path(sys.executable).parent / name
    path = str(beside) if beside.exists() else shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed; {install}"
    if IN_CI:
        pytest.fail(message + " (CI=true: .ci/run must install it)")
    pytest.skip(message)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float, log: Path | None = None) -> None:
    """Poll `url` until it answers (any HTTP status), the process dies, or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before it was ready: {_tail(log)}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {timeout}s: {_tail(log)}")


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop the process we started, by its PID: SIGTERM, then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def _tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    return log.read_text(errors="replace")[-2000:]


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
AllowOSCalls             = 0
DirsAllowed              = {dir}
NumberOfBuffers          = 170000
MaxDirtyBuffers          = 130000
MaxQueryMem              = 1G
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {dir}
MaxClientConnections        = 4
ServerThreads               = 4
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
Charset                     = UTF-8

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 300
"""


class Virtuoso:
    """A private Virtuoso instance in `folder`, on free 127.0.0.1 ports; stop() ends it by its PID."""

    def __init__(self, folder: Path) -> None:
        self.binary = require_tool("virtuoso-t", "apt-get install virtuoso-opensource (.ci/run does)")
        self.isql_binary = require_tool("isql-vt", "apt-get install virtuoso-opensource (.ci/run does)")
        self.folder = folder.resolve()
        self.sql_port, self.http_port = free_port(), free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        self.log = self.folder / "stdout.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [self.binary, "+foreground", "+configfile", str(ini)],
                cwd=self.folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        try:
            wait_for_http(f"http://127.0.0.1:{self.http_port}/sparql?query=ASK%7B%7D", self.proc, timeout=120, log=self.folder / "virtuoso.log")
        except BaseException:
            self.stop()
            raise
        self.sparql = f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, sql: str, timeout: float = 600) -> str:
        """Run SQL through isql-vt as dba; raise if isql reports an error."""
        done = subprocess.run(
            [self.isql_binary, f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", f"exec={sql}"],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed on {sql!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def bulk_load(self, folder: Path, pattern: str, graph: str) -> list[str]:
        """Bulk-load the files matching `pattern` in `folder` into `graph`; return the load_list errors (none when fine)."""
        self.isql(f"ld_dir('{folder.resolve()}', '{pattern}', '{graph}');")
        self.isql("rdf_loader_run();")
        self.isql("checkpoint;")
        out = self.isql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        return [line for line in out.splitlines() if line.strip() and "Rows." not in line]

    def stop(self) -> None:
        stop(self.proc, timeout=60)
