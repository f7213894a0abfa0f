//! Who the client is, by address: the peer of the connection, or, when that
//! peer is one of the operator's own proxies (`TRUSTED_PROXIES`), the
//! address the proxies say they received the request from. A client can
//! write any `X-Forwarded-For` it likes, so the header counts only when a
//! trusted proxy delivered it, and only from the right, past our proxies.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::HeaderMap,
    middleware::Next,
    response::Response,
};

/// The client's address, as the middleware found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The client's address given the connection's `peer`, the request's
/// `X-Forwarded-For` values and the proxies we trust.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|hop| hop.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        // A garbled list is not evidence: the proxy is the client.
        .unwrap_or_default();
    hops.into_iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

/// Middleware: puts the client's [`ClientIp`] in the request.
pub async fn attach(
    State(trusted): State<std::sync::Arc<Vec<IpAddr>>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = client_address(peer, request.headers(), &trusted);
        request.extensions_mut().insert(ClientIp(client));
    }
    next.run(request).await
}

/// The sign-in limiter's key: the client's address.
#[derive(Clone, Copy, Debug)]
pub struct ClientIpKey;

impl tower_governor::key_extractor::KeyExtractor for ClientIpKey {
    type Key = IpAddr;

    fn extract<T>(
        &self,
        request: &axum::http::Request<T>,
    ) -> Result<IpAddr, tower_governor::GovernorError> {
        request
            .extensions()
            .get::<ClientIp>()
            .map(|client| client.0)
            .ok_or(tower_governor::GovernorError::UnableToExtractKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy_and_from_the_right() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        let headers = forwarded(&["1.2.3.4, 203.0.113.9", "10.0.0.3"]);
        // Through our two proxies: the hop before them.
        assert_eq!(client_address(proxy, &headers, &trusted), ip("203.0.113.9"));
        // Straight from the Internet: the header is the client's own words.
        assert_eq!(
            client_address(ip("198.51.100.7"), &headers, &trusted),
            ip("198.51.100.7")
        );
        // Nothing trusted: the peer.
        assert_eq!(client_address(proxy, &headers, &[]), proxy);
        // A garbled header from our proxy: the proxy itself.
        let garbled = forwarded(&["not-an-address"]);
        assert_eq!(client_address(proxy, &garbled, &trusted), proxy);
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted), proxy);
    }
}
