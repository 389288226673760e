-- E-bulletin unsubscribe links (migration 0004, the knowledge area): the unsubscribe page
-- finds a person by the random token the laptops keep in `bulletin_token`. An index on that
-- field of person records keeps the lookup instant however many contacts there are.

CREATE INDEX records_person_bulletin_token ON records (json_extract(fields, '$.bulletin_token')) WHERE entity = 'person';
