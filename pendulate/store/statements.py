"""The statement that makes a session's own row: shared by the recorder and the rows kept in ``unsaved/``."""

SESSION_INSERT = (
    "INSERT INTO sessions (script_id, script_version, content_hash, script_origin, homework_id, params_json, "
    "started_utc, utc_offset_min, local_day, planned_total_s, plan_json, rehearsal, speed, status, active_s, "
    "elapsed_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', 0, 0)"
)
