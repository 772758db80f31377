-- Clustering is an optimisation only: nothing to undo.
SELECT 1;
