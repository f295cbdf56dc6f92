-- Most repeated boilerplate lines per outlet (promos, footers, video fallbacks): body lines an outlet
-- printed in 3+ unrelated stories (one cluster counts once), as learned after each load; their paragraph
-- rows are flagged dup_reason = 'outlet_boilerplate' and kept out of articles.body_text.
SELECT source AS outlet,
       text,
       stories,
       articles,
       first_seen,
       last_seen
FROM boilerplate_lines
ORDER BY stories DESC, outlet, text;
