"""Question understanding, in four steps a newcomer can follow:

1. `linking` binds every span of a clause to the data contract (`vocabulary` derives the words
   from `core.schema`; `lexicon` holds the reviewed word lists; `numbers` and `values` read
   stated values exactly), and reports every word it could not bind;
2. `parsing` turns the links of one clause into one typed analyst query, using every link, or
   refuses naming the phrase it could not use;
3. `planning` splits a question into clauses and routes each to a role (analyst, scorer,
   researcher, offer, external tool);
4. `coverage` links each analyst clause again and refuses a query (rules' or a model's) that
   leaves a condition, grouping or measure of its clause unused.
"""
