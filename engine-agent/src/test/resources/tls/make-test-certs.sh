#!/usr/bin/env bash
# Made once, by hand, and committed: the fixed TLS material of BrokerSettingsTest (test only, never
# used for anything else; the private keys are public here on purpose). Valid for 100 years so the
# tests do not rot. To make them again: bash make-test-certs.sh (needs openssl 3).
#   broker-ca.pem          a test CA ("iaas test broker CA")
#   other-ca.pem           another CA that signed nothing used here ("iaas test other CA")
#   ca-bundle.pem          both CAs in one file, with comment lines before each (a bundle)
#   broker-server.p12      the broker's key and certificate (CN and only SAN DNS:localhost) signed
#                          by broker-ca, PKCS#12, password "changeit"
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days=36500
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
    -subj "/CN=iaas test broker CA" -keyout "$tmp/ca.key" -out broker-ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
    -subj "/CN=iaas test other CA" -keyout "$tmp/other.key" -out other-ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$tmp/server.key" -out "$tmp/server.csr"
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' > "$tmp/ext"
openssl x509 -req -in "$tmp/server.csr" -CA broker-ca.pem -CAkey "$tmp/ca.key" -CAserial "$tmp/ca.srl" -CAcreateserial \
    -days "$days" -extfile "$tmp/ext" -out "$tmp/server.pem"
openssl pkcs12 -export -inkey "$tmp/server.key" -in "$tmp/server.pem" -certfile broker-ca.pem \
    -name broker -passout pass:changeit -out broker-server.p12
{
    echo "# A bundle of two test CAs, made by make-test-certs.sh: text outside the PEM blocks is ignored."
    echo "# iaas test broker CA"
    cat broker-ca.pem
    echo "# iaas test other CA"
    cat other-ca.pem
} > ca-bundle.pem
