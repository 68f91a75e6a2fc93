/** One force per durable resource for all the writes one piece of work makes (an ingest batch's alerts). */
package io.rtda.functions.groupcommit;
