/** The read side of the HTTP API: stream listing and the latest metrics of one stream. */
package io.rtda.functions.query;
