package dev.authpipe.vault;

/** The configured master key is not the one this database's keysets were wrapped with. */
public final class WrongMasterKeyException extends VaultException {
    private static final long serialVersionUID = 1L;

    public WrongMasterKeyException(String message) {
        super(message);
    }
}
