-- +goose Up
-- "Active on cluster X" is the list people ask for most (W1's list): the running counts keep its
-- total per status and cluster, as for the single dimensions and status + priority, so a list
-- with those two filters reads its total from a few rows instead of counting the matching
-- instances. (The triggers call instance_counts_add for every change of status or cluster.)
INSERT INTO instance_counts (dimension, `key`, n)
SELECT 'status_cluster', CONCAT(status, ':', cluster_name), COUNT(*) FROM instances GROUP BY status, cluster_name;
DROP PROCEDURE instance_counts_add;
-- +goose StatementBegin
CREATE PROCEDURE instance_counts_add(IN p_sign BIGINT, IN p_status VARCHAR(16), IN p_priority VARCHAR(16),
    IN p_cluster VARCHAR(255), IN p_model VARCHAR(255), IN p_replicas BIGINT, IN p_gpus BIGINT)
BEGIN
    INSERT INTO instance_counts (dimension, `key`, n, replicas, gpus) VALUES
        ('total', '', p_sign, p_sign * p_replicas, p_sign * p_gpus),
        ('status', p_status, p_sign, 0, 0), ('priority', p_priority, p_sign, 0, 0), ('cluster', p_cluster, p_sign, 0, 0),
        ('model', p_model, p_sign, 0, 0), ('status_priority', CONCAT(p_status, ':', p_priority), p_sign, 0, 0),
        ('status_cluster', CONCAT(p_status, ':', p_cluster), p_sign, 0, 0)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n), replicas = replicas + VALUES(replicas), gpus = gpus + VALUES(gpus);
END
-- +goose StatementEnd

-- +goose Down
DROP PROCEDURE instance_counts_add;
-- +goose StatementBegin
CREATE PROCEDURE instance_counts_add(IN p_sign BIGINT, IN p_status VARCHAR(16), IN p_priority VARCHAR(16),
    IN p_cluster VARCHAR(255), IN p_model VARCHAR(255), IN p_replicas BIGINT, IN p_gpus BIGINT)
BEGIN
    INSERT INTO instance_counts (dimension, `key`, n, replicas, gpus) VALUES
        ('total', '', p_sign, p_sign * p_replicas, p_sign * p_gpus),
        ('status', p_status, p_sign, 0, 0), ('priority', p_priority, p_sign, 0, 0), ('cluster', p_cluster, p_sign, 0, 0),
        ('model', p_model, p_sign, 0, 0), ('status_priority', CONCAT(p_status, ':', p_priority), p_sign, 0, 0)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n), replicas = replicas + VALUES(replicas), gpus = gpus + VALUES(gpus);
END
-- +goose StatementEnd
DELETE FROM instance_counts WHERE dimension = 'status_cluster';
