CREATE EXTENSION IF NOT EXISTS pgaudit;
CREATE TABLE IF NOT EXISTS heartbeat (id serial primary key, at timestamptz default now());
