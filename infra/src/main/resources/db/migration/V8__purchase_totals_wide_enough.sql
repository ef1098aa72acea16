-- A customer's total per currency adds up amounts of up to 15 integer digits each; NUMERIC(20,4)
-- overflowed after a few of the largest ones and stopped the read model on that event.
ALTER TABLE customer_purchase_total ALTER COLUMN total TYPE NUMERIC(38,4);
