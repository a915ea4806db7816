"""Public comments and social-listening exports: what the public is saying, made citable.

Step 5 of the method asks what the public is saying and what it needs. This package reads
comment exports (CSV), removes personal details before anything is kept, sorts each comment into
public-service themes, scores its sentiment, and states the totals as facts the answer
pipeline can cite (kind `public`). Raw text, authors and links never leave the reader.
"""
