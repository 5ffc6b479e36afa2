-- Optional binding of a connect session's state to the browser that opened it (a cookie's hash).
ALTER TABLE connect_sessions ADD COLUMN browser_hash TEXT;
