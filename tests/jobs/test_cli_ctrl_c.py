"""A batch job stopped with Ctrl-C in `nonla jobs run` waits for `nonla jobs resume`: it is cancelled, so a server
started later on the same store does not take it up and write on into the user's output file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.test_cli import NONLA


def test_ctrl_c_cancels_the_job_so_no_server_takes_it_up(nonla_home: Path, tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"text": f"Tòa án nhân dân xét xử vụ án số {i}."}, ensure_ascii=False) + "\n"
                              for i in range(100_000)), encoding="utf-8")  # fmt: skip
    env = {**os.environ}
    command = [*NONLA, "jobs", "run", "vi.words", "-i", str(source), "-o", str(output), "-w", "1", "--chunk-size", "20"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                          start_new_session=True) as run:  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (not output.exists() or output.stat().st_size < 5_000):
            time.sleep(0.2)  # a few checkpoints written
        os.killpg(run.pid, signal.SIGINT)  # as Ctrl-C: the whole foreground group
        _, err = run.communicate(timeout=120)
    assert run.returncode == 130 and "nonla jobs resume" in err and "Traceback" not in err, err

    from nonla.jobs import service  # NONLA_HOME is the command's: this process reads the store it wrote
    from nonla.jobs.restarts import to_restart

    [job] = service.list_jobs()
    assert job["status"] == "cancelled" and 0 < job["done"] < job["total"], job
    assert to_restart() == []  # what a server starting now would run
