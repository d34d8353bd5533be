"""The app's kernel manager: idle culling that does not kill a kernel as it is handed out.

Voilà's preheated pool keeps kernels that ran the app notebook ahead of visitors, and its
culler skips pooled kernels. But once a pooled kernel is handed to a visitor, it has been
idle since it was preheated, and the visitor's browser has not connected yet: with
``cull_connected=False`` the next cull pass (``cull_interval``) sees an idle kernel with no
connection and shuts it down, and the visitor gets a page whose widgets never load.
Measured here with a 6-s timeout and a pool of 1: every visit after the pool had waited
longer than the timeout failed that way ("Kernel does not exist" in the log). With the
default 600 s the same happens to the first visitor after ten quiet minutes.

:class:`AppKernelManager` gives a kernel handed out to a visitor time to be connected:
until the visitor's page connects, it is not culled for ``max(cull_idle_timeout,
HANDOFF_GRACE_S)`` after the later of its last activity (running the notebook) and the
first cull pass that sees it outside the pool. Ten visitors arriving at once on this
2-core machine, shared with other work, took over a minute to get their pages: a
60-s grace culled them all before their pages connected. A kernel that was never
connected after that (the visitor left before the page loaded) is culled as usual; once
connected, culling is jupyter-server's own (idle time, no connection).
"""

from __future__ import annotations

import time

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

#: Seconds a handed-out kernel waits at least for its visitor's page to connect.
HANDOFF_GRACE_S = 120


class AppKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` whose culler waits for a handed-out kernel's visitor."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._waiting_since: dict[str, float] = {}
        self._connected_once: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id):
        # Voilà's pool manager calls this only for kernels that are not in its pool.
        if kernel_id in self._kernels and kernel_id not in self._connected_once:
            if self._kernel_connections.get(kernel_id, 0) > 0:
                self._connected_once.add(kernel_id)
                self._waiting_since.pop(kernel_id, None)
            else:
                since = self._waiting_since.setdefault(kernel_id, time.monotonic())
                idle_s = time.monotonic() - since
                kernel = self._kernels[kernel_id]
                if hasattr(kernel, "last_activity"):  # still running the notebook: not idle
                    idle_s = min(idle_s, (utcnow() - kernel.last_activity).total_seconds())
                if idle_s < max(self.cull_idle_timeout, HANDOFF_GRACE_S):
                    return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._waiting_since.pop(kernel_id, None)
        self._connected_once.discard(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)
