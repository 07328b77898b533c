package org.iaasengine.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's one connection: used by one caller at a time, opened again once when it broke
 * (PostgreSQL restarted), with a timeout on every statement and the write path's statements
 * prepared once.
 */
final class Db implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Db.class);
    /** The timeout of every statement, in seconds. */
    private static final int STATEMENT_TIMEOUT_S = 30;

    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Body<T> {
        T run() throws SQLException;
    }

    private final String description;
    private final ConnectionSource source;
    /** The write path's prepared statements on the current connection, by SQL. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection connection;
    private boolean closed;

    Db(String description, ConnectionSource source) {
        this.description = description;
        this.source = source;
    }

    String description() {
        return description;
    }

    /**
     * Runs {@code work} on the connection, one caller at a time; a connection that broke is opened
     * again once. {@code what} names the work in the error.
     */
    synchronized <T> T run(String what, Work<T> work) {
        if (closed) {
            throw new JournalException("the journal " + description + " is closed; cannot " + what);
        }
        for (int attempt = 1;; attempt++) {
            try {
                if (connection == null) {
                    connection = source.open();
                }
                return work.run(connection);
            } catch (SQLException e) {
                boolean broken = e.getSQLState() != null && e.getSQLState().startsWith("08");
                if (broken && attempt == 1) {
                    LOG.warn("journal {}: connection broke ({}); opening it again", description, e.getMessage());
                    closeQuietly();
                    continue;
                }
                throw JournalException.of("could not " + what + " in the journal " + description, e);
            }
        }
    }

    /** Runs {@code body} as one transaction on {@code c}: committed, or rolled back when it throws. */
    static <T> T inTransaction(Connection c, Body<T> body) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = body.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static <S extends Statement> S timed(S s) throws SQLException {
        s.setQueryTimeout(STATEMENT_TIMEOUT_S);
        return s;
    }

    /**
     * The statement {@code sql} on {@code c}, prepared once per connection (the write path runs the
     * same three statements for every transition), with the statement timeout set.
     */
    PreparedStatement prepared(Connection c, String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = timed(c.prepareStatement(sql));
            statements.put(sql, ps);
        }
        return ps;
    }

    private void closeQuietly() {
        statements.clear(); // closed with their connection
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly();
    }
}
