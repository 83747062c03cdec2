from beat.flows import placeholder
from enrichment.flows.params import Sentiment, SentimentReport

placeholder("sentiment_extraction", params=Sentiment, platform="BEAT", queue="messages")
placeholder("fetch_sentiment_report", params=SentimentReport, platform="BEAT", queue="messages")
