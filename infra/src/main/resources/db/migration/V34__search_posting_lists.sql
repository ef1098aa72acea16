-- A search reads the customers holding a name word (its posting list) from the index alone: counted
-- up to a cap to find the rarest word, and read in order of customer from the rarest one. The index
-- on the token alone had to visit the table for each customer; this one serves every lookup by token
-- that it served.
CREATE INDEX customer_search_postings ON customer_search (token, customer_id);
DROP INDEX customer_search_by_token;
