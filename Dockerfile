# Multi-stage build: the wasm frontend and the server, then a slim runtime as a non-root user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-unknown-unknown
COPY . .
# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock.
RUN WB=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p') \
    && cargo install wasm-bindgen-cli --version "$WB"
# The release frontend as `cargo xtask frontend` builds it (profile wasm-release, content-hashed
# names, brotli and gzip variants; wasm-opt only where npm is available).
RUN cargo xtask frontend && mkdir -p /out && cp -r frontend/dist /out/dist
RUN cargo build --release -p sanxiang-api --bin sanxiang && cp target/release/sanxiang /out/sanxiang

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/sanxiang sanxiang \
    && mkdir -p /var/lib/sanxiang && chown sanxiang /var/lib/sanxiang
COPY --from=build /out/sanxiang /usr/local/bin/sanxiang
COPY --from=build /out/dist /opt/sanxiang/dist
ENV SANXIANG_BIND=0.0.0.0:8080 SANXIANG_DATA_DIR=/var/lib/sanxiang SANXIANG_STATIC_DIR=/opt/sanxiang/dist
USER sanxiang
EXPOSE 8080
CMD ["sanxiang", "serve"]
