DROP VIEW tracking_stamps;
CREATE VIEW tracking_stamps AS
SELECT
    r.id AS request_id,
    t.token_hash AS token_hash,
    r.version AS request_version,
    b.version AS body_version,
    COALESCE((SELECT u.version FROM units u WHERE u.id = r.unit_id), -1) AS unit_version,
    (SELECT COALESCE(MAX(v.version), 0) FROM calendar_versions v) AS calendar_version,
    (SELECT COUNT(*) FROM body_ki_assignments a WHERE a.body_id = r.body_id) AS ki_assignments,
    (SELECT COALESCE(SUM(k.version), 0) FROM ki_jurisdictions k) AS ki_versions,
    (SELECT COUNT(*) FROM objections o WHERE o.request_id = r.id) AS objections,
    (SELECT COALESCE(SUM(o.version), 0) FROM objections o WHERE o.request_id = r.id) AS objection_versions,
    (SELECT COUNT(*) FROM disputes d JOIN objections o ON o.id = d.objection_id WHERE o.request_id = r.id) AS disputes,
    (SELECT COALESCE(SUM(d.version), 0) FROM disputes d JOIN objections o ON o.id = d.objection_id
        WHERE o.request_id = r.id) AS dispute_versions,
    (SELECT COUNT(*) FROM response_documents x WHERE x.request_id = r.id) AS documents
FROM (
    SELECT id AS request_id, tracking_token_hash AS token_hash FROM requests WHERE tracking_token_hash IS NOT NULL
    UNION ALL
    SELECT request_id, token_hash FROM tracking_links
) t
JOIN requests r ON r.id = t.request_id
JOIN public_bodies b ON b.id = r.body_id;
