# CancelGateway: the production host only (no emulators, no demo keys).
#
#   docker build -t cancelgateway .
#   docker run -p 50051:50051 -p 8080:8080 -v cancelgateway-data:/var/lib/cancelgateway \
#     -v /secrets/gateway-sa.json:/run/secrets/gateway-sa.json:ro \
#     -e Providers__VertexAi__CredentialsFile=/run/secrets/gateway-sa.json cancelgateway
#
# Ports:    50051 gRPC (h2c, or TLS with Gateway__TlsCertificateFile/Gateway__TlsKeyFile);
#           8080 REST/JSON, gRPC-Web and Prometheus /metrics (HTTP/1.1).
# Volume:   /var/lib/cancelgateway holds the operations database (SQLite, WAL): keep it, and
#           unfinished operations resume on the next start.
# Settings: environment Section__Key (see `docker run cancelgateway --help`); at least one
#           Providers__* section is required, or the container exits 2 naming them. Secrets
#           as files: Providers__CodeArts__SecretKeyFile=/run/secrets/..., and so on.
# Stop:     SIGTERM ends open WatchRun streams with UNAVAILABLE and drains for
#           Gateway__ShutdownDrainTimeout (10 s) before exiting 0; keep the stop timeout above it.
# scripts/publish.sh builds exactly what this image contains (the build stage runs it), and a
# test runs that output with this file's ENV and ENTRYPOINT (PublishedOutputTests).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY protos/ protos/
COPY src/CancelGateway/ src/CancelGateway/
COPY scripts/publish.sh scripts/
RUN scripts/publish.sh /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /var/lib/cancelgateway && chown "$APP_UID" /var/lib/cancelgateway
# The images' non-root user (uid 1654).
USER $APP_UID
ENV Gateway__Listen=0.0.0.0:50051
ENV Gateway__HttpListen=0.0.0.0:8080
ENV Storage__Sqlite__Path=/var/lib/cancelgateway/operations.db
ENV Logging__Console__FormatterName=json
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME /var/lib/cancelgateway
EXPOSE 50051 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["dotnet", "/app/CancelGateway.dll", "--health-check"]
ENTRYPOINT ["dotnet", "/app/CancelGateway.dll"]
