/**
 * The warehouse: the one definition of every Parquet table ({@link org.fmrs.jobs.tables.Tables})
 * and atomic, validated reads and writes under a study root ({@link
 * org.fmrs.jobs.tables.Warehouse}).
 */
package org.fmrs.jobs.tables;
