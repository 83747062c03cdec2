# Read by gunicorn from the working directory (`gunicorn beat.wsgi`): access lines never carry a token.
logger_class = "beat.logs.GunicornLogger"
