"""What the embedded job manager's fork server imports once (see jobs.LocalJobs).

The modules of the background callbacks and of what they run: a job forked from the
server finds them imported and starts at once, instead of importing them itself for
seconds. Nothing here runs code of the app or opens a connection: the server has no
threads and no database handles that a job could inherit.
"""

import dash  # noqa: F401
import ortools.sat.python.cp_model  # noqa: F401
import pandas  # noqa: F401

import dashboard.planner.rotation  # noqa: F401
import dashboard.planner.solving  # noqa: F401
import dashboard.services.week_planning  # noqa: F401
import planner.roster  # noqa: F401
