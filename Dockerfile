# decode-bot in a container: HTTP mode on $PORT (default 3000), /healthz for the platform's health check.
# Run two or more replicas with STATE_BACKEND=dynamodb and STATE_TABLE, so that they share one answer per event.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=3000
WORKDIR /app
COPY pyproject.toml README.md requirements.txt ./
COPY bot ./bot
RUN pip install --no-cache-dir -r requirements.txt \
    && useradd --create-home --uid 10001 --user-group decodebot
# A numeric user: Kubernetes' runAsNonRoot can tell that it is not root.
USER 10001:10001

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=2)"]
ENTRYPOINT ["decode-bot"]
CMD ["run", "--mode", "http"]
