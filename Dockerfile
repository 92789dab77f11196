# scomc in a container: Debian slim, built from this tree, installed with
# `make install`, run as a non-root user. Compile the packs of the current
# directory:
#   docker build -t scomc .
#   docker run --rm -v "$PWD:/work" scomc -o /work/out /work/packs/*.alert
# (the shell expands the glob on the host: use paths under /work.)
# tests/packaging runs the RUN steps of the build stage in its own shell
# (apt-get and useradd aside) and checks the rest.
FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential pkg-config libxml2-dev libxslt1-dev libjansson-dev libcmark-dev zlib1g-dev libdeflate-dev libssl-dev libmimalloc-dev && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
RUN make clean && make
RUN make install PREFIX=/usr/local DESTDIR=/out

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libxml2 libxslt1.1 libjansson4 libcmark0.30.2 zlib1g libdeflate0 libssl3 libmimalloc2.0 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/usr/local /usr/local
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin scomc
USER scomc
WORKDIR /work
ENTRYPOINT ["scomc"]
CMD ["--help"]
