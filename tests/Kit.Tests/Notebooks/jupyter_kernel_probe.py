"""Starts an installed kernelspec the way Jupyter does (jupyter_client's KernelManager: connection file, ZMQ
channels on 127.0.0.1, kernel_info handshake), runs one cell, then keeps the kernel running until told to stop so
the caller can inspect the kernel's sockets from outside.

Usage: python3 jupyter_kernel_probe.py KERNELS_DIR KERNEL_NAME CWD CODE
Prints one line "probe: JSON" (the kernel shares this output) with kernel_pid, zmq_ports, status, outputs (text/plain of results, streams, errors); then waits
for a line (or end of input) on stdin, shuts the kernel down and exits 0.
"""
import json
import signal
import sys

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

TIMEOUT = 300  # seconds; generous for a cold kernel start on a busy 2-core machine

# Killed by the caller (SIGTERM): still run the finally below, so the kernel does not outlive the probe.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

kernels_dir, kernel_name, cwd, code = sys.argv[1:5]
km = KernelManager(kernel_name=kernel_name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels_dir]))
km.start_kernel(cwd=cwd)
kc = km.client()
kc.start_channels()
try:
    kc.wait_for_ready(timeout=TIMEOUT)
    outputs = []

    def keep(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("execute_result", "display_data"):
            outputs.append(content["data"].get("text/plain", ""))
        elif kind == "stream":
            outputs.append(content["text"])
        elif kind == "error":
            outputs.append(f"{content['ename']}: {content['evalue']}")

    reply = kc.execute_interactive(code, output_hook=keep, timeout=TIMEOUT)
    provisioner = km.provisioner
    pid = getattr(provisioner, "pid", None) or provisioner.process.pid
    info = km.get_connection_info()
    ports = [info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]
    print("probe: " + json.dumps({"kernel_pid": pid, "zmq_ports": ports, "status": reply["content"]["status"], "outputs": outputs}), flush=True)
    sys.stdin.readline()
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
