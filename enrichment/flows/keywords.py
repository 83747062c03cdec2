from beat.flows import placeholder
from enrichment.flows.params import KeywordCollection

placeholder("fetch_keyword_collection", params=KeywordCollection, platform="BEAT", queue="messages", timeout=1800)
