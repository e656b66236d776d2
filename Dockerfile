# Heard in a container: a static binary on an empty image, run as a non-root
# user, with no shell. Build: docker build -t heard .  Run: docker run -p 8080:8080 heard
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/heard ./cmd/heard && mkdir -p /out/data

FROM scratch
COPY --from=build /out/heard /heard
# CA certificates, for rediss:// (Redis over TLS) to a managed Redis.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
# The embedded store's folder, owned by the unprivileged user Heard runs as
# (scratch has no /etc/passwd, and needs none). Unused when REDIS_URL is set.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
USER 65532:65532
ENV HEARD_ADDR=:8080 HEARD_DATA=/data
EXPOSE 8080
# The binary checks its own /healthz: there is no shell or curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s CMD ["/heard", "healthcheck"]
ENTRYPOINT ["/heard"]
CMD ["serve"]
