package org.iaasengine.journal;

import java.sql.SQLException;
import org.iaasengine.core.Categorized;
import org.iaasengine.core.FailureCategory;

/**
 * The journal could not be opened, read or written. A file that is not a readable journal (SQLite
 * says it is corrupt or not a database) is INTERNAL: trying again cannot help; a database that
 * could not be reached is TRANSIENT. The message names the file or data source.
 */
public final class JournalException extends RuntimeException implements Categorized {
    private final FailureCategory category;

    public JournalException(String message) {
        this(message, null, FailureCategory.INTERNAL);
    }

    public JournalException(String message, Throwable cause) {
        this(message, cause, FailureCategory.INTERNAL);
    }

    private JournalException(String message, Throwable cause, FailureCategory category) {
        super(message, cause);
        this.category = category;
    }

    /**
     * {@code what} failed with {@code e} (or an exception caused by one): classified by the SQL error
     * code, not by its text. SQLite's SQLITE_CORRUPT (11) and SQLITE_NOTADB (26) say the file is torn
     * or no database; an SQLState of class 08 is a connection that could not be made or broke.
     */
    static JournalException of(String what, Throwable e) {
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        if (sql instanceof org.sqlite.SQLiteException lite) {
            int code = lite.getResultCode().code & 0xff;
            if (code == 11 || code == 26) {
                return new JournalException(what + ": the file is corrupt or torn, or not a journal (SQLite "
                        + lite.getResultCode() + ")", e, FailureCategory.INTERNAL);
            }
            if (code == 5 || code == 6) {
                return new JournalException(what + ": the database is locked (SQLite " + lite.getResultCode() + ")", e,
                        FailureCategory.TRANSIENT);
            }
        }
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return new JournalException(what + ": the database could not be reached (SQLState " + sql.getSQLState()
                    + "): " + sql.getMessage(), e, FailureCategory.TRANSIENT);
        }
        return new JournalException(what + ": " + (sql != null ? sql.getMessage() : e.getMessage()), e,
                FailureCategory.INTERNAL);
    }

    @Override
    public FailureCategory category() {
        return category;
    }
}
