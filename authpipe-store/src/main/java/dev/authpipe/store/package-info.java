/**
 * JDBC implementations of the domain's store interfaces, on SQLite (the embedded default) and
 * PostgreSQL (production, several nodes), with Flyway migrations. Stores hold only ciphertext and
 * hashes for secrets. Write transactions on SQLite begin IMMEDIATE, so concurrent writers queue
 * on the busy timeout instead of failing on lock upgrades.
 */
package dev.authpipe.store;
