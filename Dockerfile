# alIZé dashboard, self-hosted. The records live on a volume (/data), not in the image:
#   docker build -t alize .
#   docker run -p 8501:8501 -v alize-data:/data \
#     -v "$PWD/.streamlit/secrets.toml:/app/.streamlit/secrets.toml:ro" alize
# See docs/deploy.md (sign-in, roles, backups, reverse proxy).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ALIZE_DB=/data/alize.duckdb

WORKDIR /app
# Pango and fonts for WeasyPrint's PDFs (the committee brief): the same list Community Cloud reads.
COPY packages.txt .
RUN apt-get update && xargs -a packages.txt apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt

# The code and the demo CSVs (data/*.csv, the first build's source); .dockerignore keeps out
# secrets, local databases and tests.
COPY . .

# plotly.js for the charts (ui/plot.py serves the plotly package's own bundle from static/): copied
# now, as the code is read-only for the app's user.
RUN python -m ui.plot

# An unprivileged user owns only the data volume; the code stays read-only for it.
RUN useradd --create-home --uid 10001 alize \
    && mkdir -p /data \
    && chown alize:alize /data
USER alize
VOLUME ["/data"]

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"

# The first start builds /data/alize.duckdb from the demo CSVs; imports then write there
# (with their backup copies in /data/backups).
CMD ["streamlit", "run", "app.py", \
     "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true", \
     "--browser.gatherUsageStats=false", "--server.fileWatcherType=none", \
     "--client.showErrorDetails=type"]
