# sshblog in one container: docker build -t sshblog . &&
#   docker run -d --name sshblog -p 22:23234 -p 80:23280 -v sshblog:/data sshblog

# Build: the static binary, by the script the tests run (.ci/build-static.sh).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN VERSION="$VERSION" .ci/build-static.sh /out/sshblog \
	&& mkdir -p /out/data && mkdir -m 1777 /out/tmp

# Run: the binary and nothing else, as an unprivileged user.
FROM scratch
COPY --from=build /out/sshblog /sshblog
COPY --from=build --chown=65532:65532 /out/data /data
# SQLite's temporary files (large sorts), should it need any.
COPY --from=build /out/tmp /tmp
USER 65532:65532
# Settings go in SSHBLOG_* variables, so that the healthcheck sees them too.
ENV SSHBLOG_DATA_DIR=/data SSHBLOG_LISTEN=:23234
VOLUME /data
EXPOSE 23234 23280
HEALTHCHECK --interval=30s --timeout=15s --start-period=10s --retries=3 \
	CMD ["/sshblog", "healthcheck"]
ENTRYPOINT ["/sshblog"]
CMD ["serve"]
