# Shared by the launchers ./iaas and ./demo at the repository top level (sourced, not run).
# Checks what the examples need at run time, builds the runnable jar when it is missing or older
# than the sources, then the caller runs it. Messages go to stderr: stdout stays the program's own
# (scripts parse `./iaas --json ...`).

IAAS_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IAAS_JAR="$IAAS_REPO/examples/target/iaas-engine-examples.jar"
# libvirt expects UTF-8 strings from libvirt-java (names outside ASCII).
IAAS_JVM_OPTS=(-Djna.encoding=UTF-8)

iaas_need_libvirt() {
    local ldconfig cache
    ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
    # The whole cache first, then the match in bash: no pipe. `ldconfig -p | grep -q` failed now and
    # then under the launchers' `set -o pipefail`: grep -q exits at the first match, ldconfig still
    # writing dies of SIGPIPE, the pipeline fails, and libvirt was taken for missing (and, as root,
    # installed with apt-get).
    cache="$("$ldconfig" -p 2>/dev/null || true)"
    if [[ "$cache" == *'libvirt.so.0'* ]]; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "libvirt's client library (libvirt.so.0) is missing: installing the Debian package libvirt0" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvirt0 >&2
        return 0
    fi
    echo "libvirt's client library (libvirt.so.0) is missing. Install it (as root) with:" >&2
    echo "apt-get install libvirt0" >&2
    exit 1
}

iaas_need_jar() {
    command -v java >/dev/null 2>&1 || { echo "Java 17 is needed: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
    local stale=""
    if [ ! -f "$IAAS_JAR" ]; then
        stale=yes
    else
        stale="$(find "$IAAS_REPO/pom.xml" "$IAAS_REPO"/*/pom.xml "$IAAS_REPO"/*/src/main -newer "$IAAS_JAR" \
            -type f -print -quit 2>/dev/null || true)"
    fi
    if [ -n "$stale" ]; then
        command -v mvn >/dev/null 2>&1 || { echo "Maven is needed to build the examples: apt-get install maven" >&2; exit 1; }
        echo "building the examples jar (mvn -q -pl examples -am package -DskipTests)..." >&2
        (cd "$IAAS_REPO" && mvn -q -B -ntp -pl examples -am package -DskipTests) >&2
    fi
}
